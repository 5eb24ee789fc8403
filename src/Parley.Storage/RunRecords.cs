using System.Security.Cryptography;

namespace Parley.Storage;

/// <summary>One input file of a run, kept byte for byte so that the run can be reproduced.</summary>
/// <param name="Path">The path the user gave.</param>
/// <param name="Content">The file's bytes when the run was made.</param>
public sealed record RunInput(string Path, byte[] Content)
{
    /// <summary>SHA-256 of the content, lower-case hex.</summary>
    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Content));
}

/// <summary>What a run was (what was asked, on what, and what came out): shared by a run to store and a stored run.</summary>
public abstract record RunDescription
{
    /// <summary>The command (<c>forecast</c>, <c>run</c>, …).</summary>
    public required string Command { get; init; }

    /// <summary>The command line after the program name, as given (store options left out).</summary>
    public required IReadOnlyList<string> Args { get; init; }

    /// <summary>The scenario's name.</summary>
    public string? ScenarioName { get; init; }

    /// <summary>The variant applied, if any.</summary>
    public string? Variant { get; init; }

    /// <summary>Seed of the run's random source.</summary>
    public ulong? Seed { get; init; }

    /// <summary>Monte Carlo draws.</summary>
    public long? Draws { get; init; }

    /// <summary>Version of the tool that made the run.</summary>
    public required string ToolVersion { get; init; }

    /// <summary>Wall time of the computation in milliseconds.</summary>
    public double ElapsedMs { get; init; }

    /// <summary>Wall time of each phase, in milliseconds (for <c>parley run</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, double>> Timings { get; init; } = [];

    /// <summary>The input files (scenario and any package), in command-line order.</summary>
    public IReadOnlyList<RunInput> Inputs { get; init; } = [];

    /// <summary>The result document: the JSON the command prints with <c>--format json</c>.</summary>
    public required string Result { get; init; }

    /// <summary>The request that produced the result, serialised with its kind (runs stored before requests existed have none).</summary>
    public string? Request { get; init; }
}

/// <summary>A run to store.</summary>
public sealed record NewRun : RunDescription
{
    /// <summary>When it was made (null: now); a salvaged run keeps its own.</summary>
    public string? CreatedUtc { get; init; }

    /// <summary>SHA-256 over every input's hash: equal inputs give equal hashes.</summary>
    public string ScenarioHash => RunStore.CombinedHash(Inputs);

    /// <summary>The typed result, from which the query tables (forecasts) are filled; null: none are.</summary>
    public Parley.Core.Analyses.AnalysisResult? Typed { get; init; }
}

/// <summary>A stored run (one row of the <c>runs</c> table with its inputs).</summary>
public sealed record StoredRun : RunDescription
{
    /// <summary>Run id.</summary>
    public required long Id { get; init; }

    /// <summary>When it was stored (UTC, ISO 8601).</summary>
    public required string CreatedUtc { get; init; }

    /// <summary>Hash of the inputs.</summary>
    public required string ScenarioHash { get; init; }
}

/// <summary>One number or text of a run's result, at a dotted path (<c>forecast.smp.territory.median</c>).</summary>
/// <param name="Path">Where in the result.</param>
/// <param name="Number">The number, if it is one (booleans are 0/1).</param>
/// <param name="Text">The text, if it is text.</param>
public sealed record RunValue(string Path, double? Number, string? Text);

/// <summary>The store cannot be used (a newer schema, a corrupt file, a missing run).</summary>
public sealed class RunStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RunStoreException()
    {
    }

    /// <summary>Creates the exception with a message for the user.</summary>
    /// <param name="message">What went wrong and what to do.</param>
    public RunStoreException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the cause.</summary>
    /// <param name="message">What went wrong and what to do.</param>
    /// <param name="inner">The cause.</param>
    public RunStoreException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
