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
        var command = new Command("serve", "The web dashboard: scenarios, stored runs and their reports, and a what-if page\n\nExample:\n  parley serve --urls http://127.0.0.1:5000")
        {
            urls, scenarios, db,
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
                    output.Err.WriteLine($"parley serve: listening on {uri.Host}, reachable from other machines; the dashboard has no login");
                }
            }

            var args = new List<string> { "--urls", u, "--Parley:Scenarios=" + Path.GetFullPath(p.GetValue(scenarios)!) };
            if (p.GetValue(db) is string d)
            {
                args.Add("--Parley:Db=" + Path.GetFullPath(d));
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

            WebApplication app = ParleyWeb.Build([.. args]);
            output.Err.WriteLine($"parley serve: dashboard on {u} (Ctrl+C stops it)");
            await app.StartAsync(token).ConfigureAwait(false);
            await app.WaitForShutdownAsync(token).ConfigureAwait(false);
            return CliApp.Ok;
        });
        return command;
    }
}
