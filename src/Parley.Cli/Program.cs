using Parley.Cli;

// the process's own budget: a run that goes beyond its time or memory is ended with a message (never for 'serve',
// which limits each job itself); in-process callers (the tests) run without it
RunBudget? budget = RunBudget.From(args, Environment.GetEnvironmentVariable, out string? problem);
if (budget is null)
{
    Console.Error.WriteLine("parley: " + problem);
    return CliApp.UsageError;
}

using IDisposable? watch = args.Length > 0 && args[0] == "serve" ? null : budget.Watch(Console.Error);
// text from scenarios, stores and command lines cannot drive the terminal: control characters are made visible
using var stdout = new TerminalSafeWriter(Console.Out, allowColour: !Console.IsOutputRedirected);
using var stderr = new TerminalSafeWriter(Console.Error, allowColour: false);
return await CliApp.RunAsync(args, stdout, stderr).ConfigureAwait(false);
