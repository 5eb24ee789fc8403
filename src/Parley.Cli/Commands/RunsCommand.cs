using System.CommandLine;
using System.Globalization;
using System.Text;
using Parley.Core.Analyses;
using Parley.Core.Domain;
using Parley.Core.Scenarios;
using Parley.Core.Serialization;
using Parley.Storage;
using Spectre.Console;

namespace Parley.Cli.Commands;

/// <summary><c>parley runs list | show ID | diff ID ID | export ID | rerun ID</c>: the stored runs.</summary>
internal static class RunsCommand
{
    public static Command Create(Output output)
    {
        var command = new Command("runs", "The run store: every forecast, analyze, simulate, durability, compare and run is recorded with its inputs, options and results.\n\n" +
            "Examples:\n  parley runs list\n  parley runs show 3\n  parley runs diff 3 4\n  parley runs export 3 --format csv\n  parley runs rerun 3");
        command.Subcommands.Add(List(output));
        command.Subcommands.Add(Show(output));
        command.Subcommands.Add(Diff(output));
        command.Subcommands.Add(Export(output));
        command.Subcommands.Add(Rerun(output));
        command.Subcommands.Add(Check(output));
        command.Subcommands.Add(Salvage(output));
        return command;
    }

    /// <summary>Opens the store named by --db (or the default); null after saying why.</summary>
    internal static RunStore? OpenStore(Output output, string? db)
    {
        StoreLocation location;
        try
        {
            location = StoreLocation.Resolve(db);
            if (location.IsPostgreSql)
            {
                // a server's database: opened (and made a store when empty) like a new file would be
                return RunStore.Open(location);
            }
        }
        catch (RunStoreException e)
        {
            output.Err.WriteLine("parley: " + e.Message);
            return null;
        }

        string path = location.FilePath!;
        if (!File.Exists(path))
        {
            output.Err.WriteLine($"parley: no run store at {path} yet (runs are recorded by forecast, analyze, simulate, durability, compare and run; --db PATH names another store)");
            return null;
        }

        try
        {
            if (!RunStore.Writable(path))
            {
                output.Err.WriteLine($"parley: {path} is read-only: opened for reading ('parley runs list|show|export|diff|check' and 'parley report' work; nothing is recorded)");
                return RunStore.OpenReadOnly(path);
            }

            return RunStore.Open(path);
        }
        catch (RunStoreException e)
        {
            output.Err.WriteLine("parley: " + e.Message);
            return null;
        }
    }

    /// <summary>The run with that id; null after saying why.</summary>
    internal static StoredRun? Find(Output output, RunStore store, long id)
    {
        StoredRun? run = store.Get(id);
        if (run is null)
        {
            output.Err.WriteLine($"parley: there is no run {id} in {store.Path} (see 'parley runs list')");
        }

        return run;
    }

    private static Argument<long> Id(string name = "id") => new(name) { Description = "Run id (see 'parley runs list')" };

    private static Command List(Output output)
    {
        var limit = new Option<int>("--limit") { Description = "Show at most this many runs", DefaultValueFactory = _ => 30 };
        var command = new Option<string?>("--command") { Description = "Only runs of this command (forecast, run, whatif, …)" };
        var scenario = new Option<string?>("--scenario") { Description = "Only runs of scenarios whose name contains this text" };
        Option<string?> db = Common.Db();
        Option<string> format = Common.Format();
        var c = new Command("list", "The most recent runs, newest first") { limit, command, scenario, db };
        c.WithFormatCheck(format);
        c.SetAction(p =>
        {
            using RunStore? store = OpenStore(output, p.GetValue(db));
            if (store is null)
            {
                return CliApp.InvalidInput;
            }

            IReadOnlyList<StoredRun> runs = store.List(Math.Max(1, p.GetValue(limit)), p.GetValue(command), p.GetValue(scenario));
            if (p.GetValue(format) == "json")
            {
                output.Out.WriteLine(RunJson.Serialize<IReadOnlyList<RunDocument>>([.. runs.Select(r => RunDocument.Of(r))]));
                return CliApp.Ok;
            }

            var t = new Table().Border(TableBorder.Simple).AddColumn(new TableColumn("id").RightAligned()).AddColumn("when (UTC)").AddColumn("command").AddColumn("scenario")
                .AddColumn("variant").AddColumn(new TableColumn("seed").RightAligned()).AddColumn(new TableColumn("draws").RightAligned()).AddColumn(new TableColumn("time").RightAligned());
            foreach (StoredRun r in runs)
            {
                t.AddRow(r.Id.ToString(CultureInfo.InvariantCulture), r.CreatedUtc[..19].Replace('T', ' '), r.Command, Markup.Escape(r.ScenarioName ?? "-"), Markup.Escape(r.Variant ?? "-"),
                    r.Seed?.ToString(CultureInfo.InvariantCulture) ?? "-", r.Draws?.ToString(CultureInfo.InvariantCulture) ?? "-", Elapsed(r.ElapsedMs));
            }

            IReadOnlyList<StoredExercise> exercises = store.Exercises();
            if (runs.Count > 0 || exercises.Count == 0)
            {
                output.Console.Write(t);
            }

            output.Out.WriteLine($"{store.Count()} run(s) in {store.Path}");
            // the dashboard's exercises live in the same store: each with its scenario, how far it got and its status
            if (exercises.Count > 0)
            {
                var x = new Table().Border(TableBorder.Simple).AddColumn(new TableColumn("exercise").RightAligned()).AddColumn("when (UTC)").AddColumn("scenario")
                    .AddColumn("variant").AddColumn(new TableColumn("actions").RightAligned()).AddColumn("status");
                foreach (StoredExercise e in exercises)
                {
                    string variant = Parley.Core.Serialization.ParleyJson.Deserialize<Parley.Core.Analyses.ExerciseSettings>(e.Settings)?.Variant ?? "-";
                    x.AddRow(e.Id.ToString(CultureInfo.InvariantCulture), e.CreatedUtc[..19].Replace('T', ' '), Markup.Escape(e.ScenarioName), Markup.Escape(variant), e.Actions.Count.ToString(CultureInfo.InvariantCulture), e.Status);
                }

                output.Console.Write(x);
                output.Out.WriteLine($"{exercises.Count} exercise(s): the dashboard's exercise mode (parley serve --exercises) replays and exports them");
            }

            return CliApp.Ok;
        });
        return c;
    }

    private static Command Show(Output output)
    {
        Argument<long> id = Id();
        var all = new Option<bool>("--all") { Description = "Every stored value, not just the first 60" };
        Option<string?> db = Common.Db();
        Option<string> format = Common.Format();
        var c = new Command("show", "One run: what was run, on what, and its results") { id, all, db };
        c.WithFormatCheck(format);
        c.SetAction(p =>
        {
            using RunStore? store = OpenStore(output, p.GetValue(db));
            StoredRun? run = store is null ? null : Find(output, store, p.GetValue(id));
            if (store is null || run is null)
            {
                return CliApp.InvalidInput;
            }

            if (p.GetValue(format) == "json")
            {
                output.Out.WriteLine(RunJson.Serialize(RunDocument.Of(run, withResult: true)));
                return CliApp.Ok;
            }

            IAnsiConsole con = output.Console;
            con.MarkupLine($"[bold]Run {run.Id}[/]: parley {Markup.Escape(string.Join(' ', run.Args))}");
            con.WriteLine($"Stored {run.CreatedUtc} by parley {run.ToolVersion}; took {Elapsed(run.ElapsedMs)}" +
                (run.Timings.Count > 1 ? " (" + string.Join(", ", run.Timings.Select(t => $"{t.Key} {Elapsed(t.Value)}")) + ")" : string.Empty) + ".");
            con.WriteLine($"Scenario {run.ScenarioName ?? "-"}{(run.Variant is null ? string.Empty : $", variant {run.Variant}")}; seed {run.Seed?.ToString(CultureInfo.InvariantCulture) ?? "-"}; draws {run.Draws?.ToString(CultureInfo.InvariantCulture) ?? "-"}.");
            con.WriteLine("Inputs: " + string.Join(", ", run.Inputs.Select(i => $"{i.Path} (sha256 {i.Sha256[..12]}…)")));
            IReadOnlyList<RunValue> values = store.Values(run.Id);
            var t = new Table().Border(TableBorder.Simple).AddColumn("result").AddColumn("value");
            foreach (RunValue v in p.GetValue(all) ? values : values.Take(60))
            {
                t.AddRow(Markup.Escape(v.Path), Markup.Escape(Show(v)));
            }

            con.Write(t);
            if (!p.GetValue(all) && values.Count > 60)
            {
                con.WriteLine($"… {values.Count - 60} more value(s): --all shows them, 'parley runs export {run.Id} --format csv' writes them.");
            }

            Provenance(output, values);
            return CliApp.Ok;
        });
        return c;
    }

    private static Command Diff(Output output)
    {
        Argument<long> a = Id("a"), b = Id("b");
        var tolerance = new Option<double>("--tolerance") { Description = "Ignore numeric differences up to this size", DefaultValueFactory = _ => 0 };
        Option<string?> db = Common.Db();
        Option<string> format = Common.Format();
        var c = new Command("diff", "What changed between two runs: the inputs (scenario facts) and the results") { a, b, tolerance, db };
        c.WithFormatCheck(format);
        c.SetAction(p =>
        {
            using RunStore? store = OpenStore(output, p.GetValue(db));
            StoredRun? ra = store is null ? null : Find(output, store, p.GetValue(a));
            StoredRun? rb = store is null || ra is null ? null : Find(output, store, p.GetValue(b));
            if (store is null || ra is null || rb is null)
            {
                return CliApp.InvalidInput;
            }

            var settings = new List<(string What, string Before, string After)>();
            void Setting(string what, string? x, string? y)
            {
                if (x != y)
                {
                    settings.Add((what, x ?? "-", y ?? "-"));
                }
            }

            Setting("command line", string.Join(' ', ra.Args), string.Join(' ', rb.Args));
            Setting("variant", ra.Variant, rb.Variant);
            Setting("seed", ra.Seed?.ToString(CultureInfo.InvariantCulture), rb.Seed?.ToString(CultureInfo.InvariantCulture));
            Setting("draws", ra.Draws?.ToString(CultureInfo.InvariantCulture), rb.Draws?.ToString(CultureInfo.InvariantCulture));
            Setting("tool version", ra.ToolVersion, rb.ToolVersion);
            Setting("inputs (sha256)", ra.ScenarioHash[..12], rb.ScenarioHash[..12]);
            IReadOnlyList<FactChange> facts = ra.ScenarioHash == rb.ScenarioHash && ra.Variant == rb.Variant ? [] : FactChanges(ra, rb);
            List<ValueChange> results = RunComparison.Changes(store.Values(ra.Id), store.Values(rb.Id), p.GetValue(tolerance));
            if (p.GetValue(format) == "json")
            {
                output.Out.WriteLine(RunJson.Serialize(RunDiffDocument.Of(ra.Id, rb.Id, settings.Select(x => (x.What, (string?)x.Before, (string?)x.After)), facts, results)));
                return CliApp.Ok;
            }

            IAnsiConsole con = output.Console;
            con.MarkupLine($"[bold]Run {ra.Id} → run {rb.Id}[/]");
            if (settings.Count == 0 && facts.Count == 0)
            {
                con.WriteLine("Same command, options and inputs.");
            }

            if (settings.Count > 0)
            {
                var t = new Table().Border(TableBorder.Simple).Title("What was run").AddColumn("setting").AddColumn($"run {ra.Id}").AddColumn($"run {rb.Id}");
                settings.ForEach(s => t.AddRow(Markup.Escape(s.What), Markup.Escape(s.Before), Markup.Escape(s.After)));
                con.Write(t);
            }

            if (facts.Count > 0)
            {
                var t = new Table().Border(TableBorder.Simple).Title("What changed in the scenario").AddColumn("number").AddColumn($"run {ra.Id}").AddColumn($"run {rb.Id}");
                foreach (FactChange f in facts)
                {
                    t.AddRow(Markup.Escape(f.Path), Markup.Escape(f.Before ?? "(absent)"), Markup.Escape(f.After ?? "(absent)"));
                }

                con.Write(t);
            }

            if (results.Count == 0)
            {
                con.WriteLine("Identical results.");
            }
            else
            {
                var t = new Table().Border(TableBorder.Simple).Title($"What changed in the results ({results.Count})").AddColumn("result").AddColumn($"run {ra.Id}").AddColumn($"run {rb.Id}").AddColumn(new TableColumn("change").RightAligned());
                foreach ((string path, string before, string after, double? delta) in results.Take(80))
                {
                    t.AddRow(Markup.Escape(path), Markup.Escape(before), Markup.Escape(after), delta is double d ? d.ToString("+0.####;-0.####;0", CultureInfo.InvariantCulture) : string.Empty);
                }

                con.Write(t);
                if (results.Count > 80)
                {
                    con.WriteLine($"… {results.Count - 80} more (--format json lists them all).");
                }
            }

            Provenance(output, store.Values(rb.Id));
            return CliApp.Ok;
        });
        return c;
    }

    private static Command Export(Output output)
    {
        Argument<long> id = Id();
        var format = new Option<string>("--format") { Description = "json: the whole run (inputs included); csv: one row per result value", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "csv");
        var outFile = new Option<string?>("--out") { Description = "Write to this file instead of standard output" };
        Option<string?> db = Common.Db();
        var c = new Command("export", "Export a run as JSON (everything, inputs included) or CSV (its result values)") { id, format, outFile, db };
        c.SetAction(p =>
        {
            using RunStore? store = OpenStore(output, p.GetValue(db));
            StoredRun? run = store is null ? null : Find(output, store, p.GetValue(id));
            if (store is null || run is null)
            {
                return CliApp.InvalidInput;
            }

            string text;
            if (p.GetValue(format) == "csv")
            {
                var sb = new StringBuilder("run,path,number,text\n");
                foreach (RunValue v in store.Values(run.Id))
                {
                    sb.Append(run.Id.ToString(CultureInfo.InvariantCulture)).Append(',').Append(Csv(v.Path)).Append(',')
                        .Append(v.Number?.ToString("R", CultureInfo.InvariantCulture)).Append(',').Append(v.Text is null ? string.Empty : Csv(v.Text)).Append('\n');
                }

                text = sb.ToString();
            }
            else
            {
                text = RunJson.Serialize(RunDocument.Of(run, withInputs: true, withResult: true)) + "\n";
            }

            if (p.GetValue(outFile) is string path)
            {
                File.WriteAllText(path, text);
                output.Err.WriteLine($"wrote {path}");
            }
            else
            {
                output.Out.Write(text);
            }

            return CliApp.Ok;
        });
        return c;
    }

    private static Command Check(Output output)
    {
        Option<string?> db = Common.Db();
        var c = new Command("check", "Check the store: SQLite's quick_check (on PostgreSQL: that its tables are there), then every run's checksum and its inputs' SHA-256s (exit 0 sound, 2 damaged)") { db };
        c.SetAction(p =>
        {
            using RunStore? store = OpenStore(output, p.GetValue(db));
            if (store is null)
            {
                return CliApp.InvalidInput;
            }

            IReadOnlyList<string> problems = store.Check();
            foreach (string problem in problems)
            {
                output.Out.WriteLine(problem);
            }

            output.Out.WriteLine(problems.Count == 0
                ? $"{store.Path}: sound ({store.Count():N0} run(s), every checksum holds)."
                : $"{store.Path}: {problems.Count} problem(s); 'parley runs salvage --out NEW.db' copies the sound runs into a new store.");
            return problems.Count == 0 ? CliApp.Ok : CliApp.InvalidInput;
        });
        return c;
    }

    private static Command Salvage(Output output)
    {
        Option<string?> db = Common.Db();
        var target = new Option<string>("--out") { Description = "The new store to copy the sound runs into (must not exist yet)", Required = true };
        var c = new Command("salvage", "Copy every run whose checksums hold into a new store (a damaged store is only read)") { db, target };
        c.SetAction(p =>
        {
            string to = p.GetValue(target)!;
            if (StoreLocation.IsPostgreSqlUrl(to))
            {
                output.Err.WriteLine("parley runs salvage: --out names a new SQLite file (salvage copies into a file; its source may be any store)");
                return CliApp.UsageError;
            }

            if (File.Exists(to))
            {
                output.Err.WriteLine($"parley runs salvage: {to} exists; name a new file");
                return CliApp.UsageError;
            }

            using RunStore? store = OpenStore(output, p.GetValue(db));
            if (store is null)
            {
                return CliApp.InvalidInput;
            }

            using RunStore fresh = RunStore.Open(to);
            (IReadOnlyList<long> copied, IReadOnlyList<long> left) = store.SalvageInto(fresh);
            output.Out.WriteLine($"Copied {copied.Count} run(s) into {to}" + (left.Count > 0 ? $"; left behind (damaged): {string.Join(", ", left)}." : "; none was damaged."));
            return CliApp.Ok;
        });
        return c;
    }

    private static Command Rerun(Output output)
    {
        Argument<long> id = Id();
        Option<string?> db = Common.Db();
        var c = new Command("rerun", "Run a stored run again from its stored inputs and options, and check that the results are identical, bit for bit") { id, db };
        c.SetAction(p =>
        {
            using RunStore? store = OpenStore(output, p.GetValue(db));
            StoredRun? run = store is null ? null : Find(output, store, p.GetValue(id));
            if (store is null || run is null)
            {
                return CliApp.InvalidInput;
            }

            (int code, string? result, string err) = Reproduce(run);
            if (result is null)
            {
                output.Err.Write(err);
                output.Err.WriteLine($"parley runs rerun: run {run.Id} could not be run again (exit code {code})");
                return CliApp.InvalidInput;
            }

            if (run.Request is not null && RunStore.Compact(result) == run.Result)
            {
                output.Out.WriteLine($"Run {run.Id} reproduced bit for bit: {Encoding.UTF8.GetByteCount(run.Result):N0} bytes of results identical (parley {string.Join(' ', run.Args)}).");
                return CliApp.Ok;
            }

            if (run.Request is null && RunComparison.Equivalent(run.Result, result))
            {
                // stored before requests were kept: its command line was run again and the documents compared value by value
                // (today's documents carry full precision where older ones were rounded)
                output.Out.WriteLine($"Run {run.Id} reproduced: every value of the stored result (parley {run.ToolVersion}) comes out the same, at the precision it was stored with (parley {string.Join(' ', run.Args)}).");
                return CliApp.Ok;
            }

            // a run stored before full precision differs from today's numbers by its rounding (at most 3 decimals) only
            List<ValueChange> changes = RunComparison.Changes(ResultValues.Flatten(run.Result, withSeries: true), ResultValues.Flatten(result, withSeries: true), run.Request is null ? 5e-4 : 0);
            output.Out.WriteLine($"Run {run.Id} did NOT reproduce: {changes.Count} value(s) differ" + (run.ToolVersion != RunRecorder.ToolVersion ? $" (stored by parley {run.ToolVersion}, this is {RunRecorder.ToolVersion})" : string.Empty) + ":");
            foreach ((string path, string before, string after, _) in changes.Take(20))
            {
                output.Out.WriteLine($"  {path}: {before} -> {after}");
            }

            return CliApp.UsageError;
        });
        return c;
    }

    /// <summary>Runs a stored run again from its stored inputs; the result document with the original paths, or null.</summary>
    internal static (int Code, string? Result, string Err) Reproduce(StoredRun run)
    {
        if (run.Request is not null)
        {
            return ReproduceRequest(run);
        }

        if (run.Command == "whatif")
        {
            return ReproduceWhatIf(run);
        }

        // stored before requests were kept: its command line, bound to a request the way the command binds it
        var err = new StringWriter();
        if (CommandRequests.Bind(run.Args, err) is not { } bound)
        {
            return (CliApp.InvalidInput, null, err.ToString());
        }

        AnalysisRequest request = bound.Request;
        if (bound.PackageFile is string package && request is DurabilityRequest durability)
        {
            RunInput? stored = run.Inputs.FirstOrDefault(i => i.Path == package);
            ScenarioSetLoad load = ScenarioSet.FromInputs([.. run.Inputs.Select(i => new ScenarioInput(i.Path, i.Content))]);
            var diagnostics = new List<Diagnostic>();
            if (stored is null || load.Set is null || Parley.Core.Scenarios.PackageFile.Read(stored.Content, stored.Path, load.Set.Get(durability.Variant), diagnostics) is not { } values)
            {
                return (CliApp.InvalidInput, null, $"the stored package {package} cannot be read\n" + string.Join('\n', diagnostics));
            }

            request = durability with { Package = values, PackageName = Path.GetFileName(package) };
        }

        return ReproduceRequest(run with { Request = ParleyJson.SerializeRequest(request) });
    }

    /// <summary>A run stored with its request: the request through the engine, on the stored inputs named as they were.</summary>
    private static (int Code, string? Result, string Err) ReproduceRequest(StoredRun run)
    {
        AnalysisRequest? request;
        try
        {
            request = ParleyJson.DeserializeRequest(run.Request!);
        }
        catch (System.Text.Json.JsonException e)
        {
            return (CliApp.InvalidInput, null, $"the stored request cannot be read ({e.Message}); was it stored by a newer parley?\n");
        }

        if (request is null)
        {
            return (CliApp.InvalidInput, null, "the stored request is empty\n");
        }

        if (request is BacktestRequest backtest)
        {
            BacktestLoad cases = BacktestCases.FromInputs([.. run.Inputs.Select(i => new ScenarioInput(i.Path, i.Content))]);
            AnalysisOutcome<BacktestOutcome> scored = cases.Succeeded ? BacktestAnalysis.Run(backtest, cases.Cases) : AnalysisOutcome<BacktestOutcome>.Fail([.. cases.Diagnostics]);
            return scored.Result is { } b
                ? (CliApp.Ok, ParleyJson.SerializeResult(b), string.Empty)
                : (CliApp.InvalidInput, null, string.Join('\n', scored.Problems) + "\n");
        }

        ScenarioSet? set = null;
        if (request.NeedsScenario)
        {
            ScenarioSetLoad load = ScenarioSet.FromInputs([.. run.Inputs.Select(i => new ScenarioInput(i.Path, i.Content))]);
            if (load.Set is null)
            {
                return (CliApp.InvalidInput, null, string.Join('\n', load.Result.Diagnostics) + "\n");
            }

            set = load.Set;
        }

        AnalysisOutcome<AnalysisResult> outcome = Engine.Run(request, set);
        return outcome.Result is { } result
            ? (CliApp.Ok, ParleyJson.SerializeResult(result), string.Empty)
            : (CliApp.InvalidInput, null, string.Join('\n', outcome.Problems) + "\n");
    }

    /// <summary>A dashboard what-if run stored before requests were kept: its request from the stored arguments, through the engine.</summary>
    private static (int Code, string? Result, string Err) ReproduceWhatIf(StoredRun run)
    {
        WhatIfRequest? request = run.Args.Count > 1 ? ParleyJson.Deserialize<WhatIfRequest>(run.Args[1]) : null;
        return request is null || run.Inputs.Count == 0
            ? (CliApp.InvalidInput, null, "the stored request or scenario is missing\n")
            : ReproduceRequest(run with { Request = ParleyJson.SerializeRequest(request) });
    }

    private static IReadOnlyList<FactChange> FactChanges(StoredRun a, StoredRun b)
    {
        Scenario? Load(StoredRun r)
        {
            RunInput? main = r.Inputs.FirstOrDefault(i => i.Path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || i.Path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase));
            return main is null ? null : ScenarioLoader.LoadBytes(main.Content, main.Path, r.Variant).Scenario;
        }

        Scenario? sa = Load(a), sb = Load(b);
        return sa is null || sb is null ? [] : ScenarioFacts.Compare(sa, sb);
    }

    private static string Show(RunValue v) => RunComparison.Show(v);

    /// <summary>The run's one-line provenance note (stored with results from a scenario with sources), if it has one.</summary>
    private static void Provenance(Output output, IReadOnlyList<RunValue> values)
    {
        if (values.FirstOrDefault(v => v.Path == "provenance_note" || v.Path.EndsWith(".provenance_note", StringComparison.Ordinal))?.Text is string note)
        {
            output.Out.WriteLine(note);
        }
    }

    private static string Csv(string s) => Parley.Reporting.Exporters.CsvText.Cell(s);

    private static string Elapsed(double ms) => ms < 1000 ? $"{ms:0} ms" : string.Create(CultureInfo.InvariantCulture, $"{ms / 1000:0.0} s");
}
