using System.Diagnostics;
using Parley.Core.Scenarios;

namespace Parley.Core.Tests.Scenarios;

/// <summary>Input files are read bounded in size and time: a device never fills memory, a pipe never hangs a run.</summary>
public sealed class InputFileTests
{
    [Fact]
    public void An_endless_device_is_refused_as_too_large_without_reading_it_all()
    {
        var diagnostics = new List<Diagnostic>();
        Assert.Null(InputFile.Read("/dev/zero", 4096, "a scenario file", diagnostics));
        Diagnostic d = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.FileTooLarge, d.Code);
        Assert.NotNull(d.Hint);
    }

    [Fact]
    public void A_pipe_with_no_writer_is_refused_within_the_time_limit()
    {
        string fifo = Path.Combine(Path.GetTempPath(), $"parley-fifo-{Environment.ProcessId}");
        File.Delete(fifo);
        using (Process mk = Process.Start("mkfifo", fifo))
        {
            mk.WaitForExit();
        }

        try
        {
            var diagnostics = new List<Diagnostic>();
            var clock = Stopwatch.StartNew();
            Assert.Null(InputFile.Read(fifo, 4096, "a scenario file", diagnostics, TimeSpan.FromMilliseconds(300)));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));
            Diagnostic d = Assert.Single(diagnostics);
            Assert.Equal(DiagnosticCodes.Unreadable, d.Code);
            Assert.Contains("not a regular file", d.Message, StringComparison.Ordinal);
        }
        finally
        {
            // a writer releases the blocked reader, then the pipe goes
            using (var w = new FileStream(fifo, FileMode.Open, FileAccess.Write))
            {
            }

            File.Delete(fifo);
        }
    }

    [Fact]
    public void Deep_xml_is_refused_at_once_with_its_position()
    {
        string path = Path.Combine(Path.GetTempPath(), $"parley-deep-{Environment.ProcessId}.xml");
        File.WriteAllText(path, "<negotiation_template>" + string.Concat(Enumerable.Repeat("<a>", 100_000)) + string.Concat(Enumerable.Repeat("</a>", 100_000)) + "</negotiation_template>");
        try
        {
            var clock = Stopwatch.StartNew();
            LoadResult r = ScenarioLoader.LoadPath(path);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
            Diagnostic d = Assert.Single(r.Diagnostics);
            Assert.Equal(DiagnosticCodes.TooDeep, d.Code);
            Assert.Equal(1, d.Line);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
