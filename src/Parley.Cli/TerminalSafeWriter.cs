using System.Text;

namespace Parley.Cli;

/// <summary>
/// Writes text with every control character a scenario, a store or a command line could smuggle into a terminal made
/// visible (ESC as "\x1b", BEL as "\x07", C1 controls likewise; zero-width and bidirectional controls as "\u202e"): names and notes cannot move the cursor, retitle the
/// window, clear the screen or hide text. Tab, line feed and carriage return pass (the progress line uses the last),
/// and so do the colour sequences the table renderer itself writes (ESC [ … m), only when the output is a terminal.
/// </summary>
internal sealed class TerminalSafeWriter(TextWriter inner, bool allowColour) : TextWriter
{
    private readonly StringBuilder pending = new();

    /// <inheritdoc/>
    public override Encoding Encoding => inner.Encoding;

    /// <summary>The text made safe (for tests and single strings).</summary>
    /// <param name="text">Any text.</param>
    /// <param name="allowColour">Keep SGR colour sequences (ESC [ digits ; … m).</param>
    public static string Clean(string text, bool allowColour = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char ch = text[i];
            if (ch == '\u001b' && allowColour && Sgr(text, i) is int end)
            {
                sb.Append(text, i, end - i + 1);
                i = end;
            }
            else if ((ch < ' ' && ch is not '\t' and not '\n' and not '\r') || ch == '\u007f' || (ch >= '\u0080' && ch <= '\u009f'))
            {
                sb.Append(@"\x").Append(((int)ch).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else if (ch is (>= '\u200b' and <= '\u200f') or (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069') or '\ufeff')
            {
                // invisible and direction-changing characters could make one name look like another
                sb.Append(@"\u").Append(((int)ch).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(ch);
            }
        }

        return sb.ToString();
    }

    /// <inheritdoc/>
    public override void Write(char value)
    {
        // an escape sequence may arrive one character at a time: keep it until it is complete
        if (pending.Length > 0 || value == '\u001b')
        {
            pending.Append(value);
            if (pending.Length == 1 || (pending.Length == 2 && value == '[') || (pending.Length > 2 && (char.IsAsciiDigit(value) || value == ';') && pending.Length < 32))
            {
                return;
            }

            string seq = pending.ToString();
            pending.Clear();
            inner.Write(Clean(seq, allowColour));
            return;
        }

        inner.Write(Clean(value.ToString(), allowColour));
    }

    /// <inheritdoc/>
    public override void Write(string? value)
    {
        if (value is null)
        {
            return;
        }

        if (pending.Length > 0)
        {
            value = pending + value;
            pending.Clear();
        }

        inner.Write(Clean(value, allowColour));
    }

    /// <inheritdoc/>
    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    /// <inheritdoc/>
    public override void WriteLine(string? value)
    {
        Write(value);
        Write(CoreNewLine);
    }

    /// <inheritdoc/>
    public override void Flush()
    {
        if (pending.Length > 0)
        {
            inner.Write(Clean(pending.ToString(), allowColour));
            pending.Clear();
        }

        inner.Flush();
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Flush();
        }

        base.Dispose(disposing);
    }

    /// <summary>The index of the 'm' ending an SGR sequence starting at i, or null.</summary>
    private static int? Sgr(string text, int i)
    {
        if (i + 2 >= text.Length || text[i + 1] != '[')
        {
            return null;
        }

        for (int j = i + 2; j < text.Length && j < i + 32; j++)
        {
            char c = text[j];
            if (c == 'm')
            {
                return j;
            }

            if (!char.IsAsciiDigit(c) && c != ';')
            {
                return null;
            }
        }

        return null;
    }
}
