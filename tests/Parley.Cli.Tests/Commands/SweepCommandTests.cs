namespace Parley.Cli.Tests.Commands;

/// <summary>
/// <c>parley sweep</c> without a cluster: the command's own output, byte for byte, for every kind of computing command (backtests included);
/// finished items kept in the run store and not run again; refusals. (With a cluster: tests/Parley.Cluster.Tests.)
/// </summary>
public class SweepCommandTests
{
    public static TheoryData<string[]> Commands() => new()
    {
        new[] { "forecast", Cli.Flagship, "--draws", "300", "--seed", "3" },
        new[] { "analyze", Cli.Flagship, "--variant", "freeze-on-the-line", "--draws", "30", "--step", "25" },
        new[] { "simulate", Cli.Flagship, "--variant", "freeze-on-the-line", "--draws", "20", "--step", "25" },
        new[] { "durability", Cli.Flagship, "--variant", "freeze-on-the-line", "--draws", "200" },
        new[] { "sensitivity", Cli.Flagship, "--draws", "20" },
        new[] { "sensitivity", Cli.Flagship, "--variant", "freeze-on-the-line", "--grid", "dynamics.p_prevail,dynamics.trend", "--grid-steps", "3" },
        new[] { "tournament", Cli.Flagship, "--variant", "freeze-on-the-line", "--strategies", "boulware,conceder", "--seeds", "2" },
        new[] { "backtest", Path.Combine(Cli.Root, "backtests"), "--draws", "100" },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void A_sweep_prints_what_the_command_alone_prints(string[] command)
    {
        foreach (string format in new[] { "table", "json" })
        {
            (int code, string alone, string err) = Cli.Run([.. command, "--format", format, "--no-store"]);
            Assert.True(code == 0, err);
            (code, string swept, err) = Cli.Run(["sweep", "--items", "5", .. command, "--format", format, "--no-store"]);
            Assert.True(code == 0, err);
            Assert.Equal(alone, swept);
            Assert.Matches(@"sweep [0-9a-f]{24}: \d+ Monte Carlo calls? in \d+ items on this process", err);
        }
    }

    [Fact]
    public void A_sweep_run_again_finds_its_items_in_the_store_and_runs_none()
    {
        string db = Path.Combine(Directory.CreateTempSubdirectory("parley-sweep-").FullName, "runs.db");
        string[] args = ["sweep", "--items", "4", "forecast", Cli.Flagship, "--draws", "200", "--format", "json", "--db", db];
        (int code, string first, string err) = Cli.Run(args);
        Assert.True(code == 0, err);
        Assert.Contains("4 run now", err, StringComparison.Ordinal);
        Assert.Contains("0 found finished in the store", err, StringComparison.Ordinal);
        (code, string second, err) = Cli.Run(args);
        Assert.True(code == 0, err);
        Assert.Equal(first, second);
        Assert.Contains("0 run now", err, StringComparison.Ordinal);
        Assert.Contains("4 found finished in the store", err, StringComparison.Ordinal);
        // both runs are stored as forecasts, as the command alone stores them
        (code, string list, _) = Cli.Run("runs", "list", "--db", db);
        Assert.Equal(0, code);
        Assert.Equal(2, list.Split('\n').Count(l => l.Contains("forecast", StringComparison.Ordinal)));
    }

    [Fact]
    public void Refusals_say_what_to_do()
    {
        (int code, _, string err) = Cli.Run("sweep", "validate", Cli.Flagship);
        Assert.Equal(1, code);
        Assert.Contains("not a command that computes over draws", err, StringComparison.Ordinal);
        (code, _, err) = Cli.Run("sweep", "--items", "0", "forecast", Cli.Flagship);
        Assert.Equal(1, code);
        Assert.Contains("whole number", err, StringComparison.Ordinal);
        (code, _, err) = Cli.Run("sweep", "--cluster", "runs.db", "forecast", Cli.Flagship);
        Assert.Equal(1, code);
        Assert.Contains("PostgreSQL", err, StringComparison.Ordinal);
        (code, _, err) = Cli.Run("sweep", "--cluster", "postgres://me:secret@127.0.0.1:1/x", "forecast", Cli.Flagship);
        Assert.Equal(2, code);
        Assert.DoesNotContain("secret", err, StringComparison.Ordinal);
        Assert.Contains("PGPASSWORD", err, StringComparison.Ordinal);
        (code, _, err) = Cli.Run("sweep", "--nope", "1", "forecast", Cli.Flagship);
        Assert.Equal(1, code);
        Assert.Contains("unknown option '--nope'", err, StringComparison.Ordinal);
        (code, _, err) = Cli.Run("sweep", "forecast", Cli.Flagship, "--items", "4");
        Assert.Equal(1, code);
        Assert.Contains("put it before the command", err, StringComparison.Ordinal);
        (code, _, err) = Cli.Run("sweep");
        Assert.Equal(1, code);
        Assert.Contains("name the command", err, StringComparison.Ordinal);
        (code, _, err) = Cli.Run("worker", "--cluster", "runs.db");
        Assert.Equal(1, code);
        Assert.Contains("PostgreSQL", err, StringComparison.Ordinal);

        // a second worker on a port already taken is refused before it can take the first one's place in the cluster
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        int port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        (code, _, err) = Cli.Run("worker", "--cluster", "postgres://parley@127.0.0.1:1/cluster", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(2, code);
        Assert.Contains($"port {port} (--port) is in use", err, StringComparison.Ordinal);
        // budget options may come before 'sweep', as before any command
        (code, string before, err) = Cli.Run("--max-seconds", "120", "sweep", "--items", "2", "forecast", Cli.Flagship, "--draws", "40", "--no-store");
        Assert.True(code == 0, err);
        Assert.Contains("2 items on this process", err, StringComparison.Ordinal);
        (code, string help, _) = Cli.Run("sweep", "--help");
        Assert.Equal(0, code);
        Assert.Contains("--cluster", help, StringComparison.Ordinal);
    }
}
