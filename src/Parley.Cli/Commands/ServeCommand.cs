using System.CommandLine;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Parley.Web;

namespace Parley.Cli.Commands;

/// <summary><c>parley serve [--urls URL] [--scenarios DIR] [--db PATH]</c>: the web dashboard.</summary>
internal static class ServeCommand
{
    public static Command Create(Output output)
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen (loopback unless you say otherwise)", DefaultValueFactory = _ => ParleyWeb.DefaultUrls };
        var scenarios = new Option<string>("--scenarios") { Description = "Folder of scenario files to show", DefaultValueFactory = _ => "scenarios" };
        Option<string?> db = Common.Db();
        var exercises = new Option<bool>("--exercises") { Description = "Also run exercises: people play parties in the browser, with join codes and a facilitator (its key is printed at start)" };
        var command = new Command("serve",
            "The web dashboard: scenarios, stored runs and their reports, briefs, a what-if page, and with --exercises the exercise mode\n\n" +
            "Examples:\n  parley serve --urls http://127.0.0.1:5000\n  parley serve --exercises --urls http://0.0.0.0:5000 --Parley:AllowedHosts:3=192.168.1.20   # a classroom")
        {
            urls, scenarios, db, exercises,
        };
        // further settings pass through to the host: --Parley:MaxDraws=5000, --Parley:RunTimeLimit=00:01:00, …
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (p, token) =>
        {
            string u = p.GetValue(urls)!;
            if (!Directory.Exists(p.GetValue(scenarios)))
            {
                output.Err.WriteLine($"parley serve: no such folder: {p.GetValue(scenarios)}");
                return CliApp.UsageError;
            }

            foreach (string one in u.Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!Uri.TryCreate(one, UriKind.Absolute, out Uri? uri))
                {
                    output.Err.WriteLine($"parley serve: '{one}' is not a URL such as http://127.0.0.1:5000");
                    return CliApp.UsageError;
                }

                if (!uri.IsLoopback && !(IPAddress.TryParse(uri.Host, out IPAddress? ip) && IPAddress.IsLoopback(ip)))
                {
                    output.Err.WriteLine(p.GetValue(exercises)
                        ? $"parley serve: listening on {uri.Host}, reachable from other machines; traffic is not encrypted (plain HTTP) unless you configure a certificate"
                        : $"parley serve: listening on {uri.Host}, reachable from other machines; the dashboard has no login");
                }
            }

            var args = new List<string> { "--urls", u, "--Parley:Scenarios=" + Path.GetFullPath(p.GetValue(scenarios)!) };
            if (p.GetValue(db) is string d)
            {
                args.Add("--Parley:Db=" + (Parley.Storage.StoreLocation.IsPostgreSqlUrl(d) ? d : Path.GetFullPath(d)));
            }

            foreach (string extra in p.UnmatchedTokens)
            {
                if (!extra.StartsWith("--Parley:", StringComparison.Ordinal))
                {
                    output.Err.WriteLine($"parley serve: unknown option '{extra}' (dashboard settings look like --Parley:MaxDraws=5000; see docs/dashboard.md)");
                    return CliApp.UsageError;
                }

                args.Add(extra);
            }

            if (p.GetValue(exercises))
            {
                args.Add("--Parley:Exercises=true");
            }

            WebApplication app = ParleyWeb.Build([.. args]);
            output.Err.WriteLine($"parley serve: dashboard on {u} (Ctrl+C stops it)");
            if (app.Services.GetService(typeof(ExerciseHost)) is ExerciseHost { FacilitatorKey: string key })
            {
                output.Err.WriteLine($"parley serve: exercises on; facilitator key (sign in at /facilitator): {key}");
                output.Err.WriteLine("parley serve: every page outside an exercise now needs the facilitator (--Parley:Classroom=false lifts that on a machine only you can reach)");
                output.Err.WriteLine("parley serve: players join at /join with the code of their seat");
            }
            await app.StartAsync(token).ConfigureAwait(false);
            await app.WaitForShutdownAsync(token).ConfigureAwait(false);
            return CliApp.Ok;
        });
        return command;
    }
}
