namespace Parley.Core.Scenarios;

/// <summary>
/// Reads a file the user named, bounded: at most a size limit (a device such as /dev/zero never fills memory) and
/// within a time limit (a pipe with no writer never hangs the run). The one way input files are read.
/// </summary>
public static class InputFile
{
    /// <summary>How long opening and reading may take.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>The file's bytes, or null with the problem (code, message, hint) added to <paramref name="diagnostics"/>.</summary>
    /// <param name="path">The path.</param>
    /// <param name="maxBytes">The most bytes accepted.</param>
    /// <param name="what">What the file is, for messages ("a scenario file").</param>
    /// <param name="diagnostics">Receives the problem.</param>
    public static byte[]? Read(string path, long maxBytes, string what, List<Diagnostic> diagnostics) =>
        Read(path, maxBytes, what, diagnostics, Timeout);

    /// <summary>The same with another time limit.</summary>
    /// <param name="path">The path.</param>
    /// <param name="maxBytes">The most bytes accepted.</param>
    /// <param name="what">What the file is, for messages.</param>
    /// <param name="diagnostics">Receives the problem.</param>
    /// <param name="timeout">How long opening and reading may take.</param>
    public static byte[]? Read(string path, long maxBytes, string what, List<Diagnostic> diagnostics, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(diagnostics);
        if (Directory.Exists(path))
        {
            diagnostics.Add(new Diagnostic(Severity.Error, DiagnosticCodes.Unreadable, path, 0, 0, "this is a folder, not a file", "name a file"));
            return null;
        }

        if (!File.Exists(path))
        {
            diagnostics.Add(new Diagnostic(Severity.Error, DiagnosticCodes.Unreadable, path, 0, 0, "the file does not exist", "check the path"));
            return null;
        }

        var reading = Task.Run(() => ReadAtMost(path, maxBytes + 1));
        try
        {
            if (!reading.Wait(timeout))
            {
                diagnostics.Add(new Diagnostic(Severity.Error, DiagnosticCodes.Unreadable, path, 0, 0,
                    $"nothing could be read from it in {timeout.TotalSeconds:0.#} s: it is not a regular file (a pipe with no writer?)", "name a regular file"));
                return null;
            }
        }
        catch (AggregateException ex) when (ex.InnerException is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            diagnostics.Add(new Diagnostic(Severity.Error, DiagnosticCodes.Unreadable, path, 0, 0, "the file cannot be read: " + ex.InnerException.Message, "check the path and its permissions"));
            return null;
        }

        byte[] bytes = reading.Result;
        if (bytes.Length > maxBytes)
        {
            diagnostics.Add(new Diagnostic(Severity.Error, DiagnosticCodes.FileTooLarge, path, 0, 0,
                $"the file is larger than {maxBytes:N0} bytes, the most {what} may be", "split the file, or check that this is the file you meant"));
            return null;
        }

        return bytes;
    }

    private static byte[] ReadAtMost(string path, long limit)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        while (buffer.Length < limit)
        {
            int n = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, limit - buffer.Length));
            if (n == 0)
            {
                break;
            }

            buffer.Write(chunk, 0, n);
        }

        return buffer.ToArray();
    }
}
