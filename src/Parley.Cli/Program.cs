using System.Runtime.InteropServices;
using Parley.Cli;

// the process's own budget: a run that goes beyond its time or memory is ended with a message (never for 'serve',
// which limits each job itself); in-process callers (the tests) run without it
RunBudget? budget = RunBudget.From(args, Environment.GetEnvironmentVariable, out string? problem);
if (budget is null)
{
    Console.Error.WriteLine("parley: " + problem);
    return CliApp.UsageError;
}

int? at = CliApp.CommandAt(args);
bool serving = at is int s && args[s] == "serve";
// a worker runs until stopped, and Ctrl-C makes it leave the cluster cleanly
bool working = at is int w && args[w] == "worker";
using IDisposable? watch = serving || working ? null : budget.Watch(Console.Error, args.Length > 0 && !args[0].StartsWith('-') ? args[0] : null);

// the same budget seen from inside the computation: work that cannot fit is refused before it starts, and Ctrl-C
// cancels the computation itself (a second Ctrl-C ends the process at once)
using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = !interrupt.IsCancellationRequested && !serving;
    interrupt.Cancel();
};
// a worker also leaves the cluster cleanly on SIGTERM (docker stop, kill, a Kubernetes pod's end)
using PosixSignalRegistration? terminate = working ? PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
{
    signal.Cancel = true;
    interrupt.Cancel();
}) : null;
var guard = new Parley.Core.Domain.WorkGuard(serving || working ? double.PositiveInfinity : budget.Seconds, $"raise it with {RunBudget.SecondsOption} N (or PARLEY_MAX_SECONDS)", interrupt.Token)
{
    Bytes = serving || working ? long.MaxValue : budget.Bytes,
};
// text from scenarios, stores and command lines cannot drive the terminal: control characters are made visible
using var stdout = new TerminalSafeWriter(Console.Out, allowColour: !Console.IsOutputRedirected);
using var stderr = new TerminalSafeWriter(Console.Error, allowColour: false);
int code = await CliApp.RunAsync(args, stdout, stderr, guard).ConfigureAwait(false);

// for the hostile-input suite and for anyone sizing --max-memory: the process's peak resident memory, from /proc
if (Environment.GetEnvironmentVariable("PARLEY_REPORT_PEAK") == "1" && File.Exists("/proc/self/status"))
{
    string? peak = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
    stderr.WriteLine($"parley: peak memory {peak?[6..].Trim() ?? "unknown"}");
}

return code;
