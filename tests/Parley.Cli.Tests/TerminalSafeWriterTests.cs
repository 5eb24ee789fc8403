namespace Parley.Cli.Tests;

/// <summary>Text from scenarios and stores cannot drive the terminal.</summary>
public sealed class TerminalSafeWriterTests
{
    [Theory]
    [InlineData("Talks\u001b]0;pwned\u0007\u001b[2J", false, @"Talks\x1b]0;pwned\x07\x1b[2J")]
    [InlineData("a\u009bb\u007fc", false, @"a\x9bb\x7fc")]
    [InlineData("line\n\tnext\r", false, "line\n\tnext\r")]
    [InlineData("us\u202eaissur\u200b", false, @"us\u202eaissur\u200b")]                           // right-to-left override, zero-width space
    [InlineData("\u001b[1mbold\u001b[0m", true, "\u001b[1mbold\u001b[0m")]          // the renderer's own colours, on a terminal
    [InlineData("\u001b[1mbold\u001b[0m", false, @"\x1b[1mbold\x1b[0m")]
    [InlineData("\u001b[2J\u001b]8;;http://x\u0007", true, @"\x1b[2J\x1b]8;;http://x\x07")]   // clearing the screen or a hyperlink is never let through
    public void Control_characters_are_made_visible(string text, bool colour, string expected)
    {
        Assert.Equal(expected, TerminalSafeWriter.Clean(text, colour));
        var sink = new StringWriter();
        using (var w = new TerminalSafeWriter(sink, colour))
        {
            foreach (char c in text)
            {
                w.Write(c);   // one character at a time, as some writers do
            }
        }

        Assert.Equal(expected, sink.ToString());
    }
}
