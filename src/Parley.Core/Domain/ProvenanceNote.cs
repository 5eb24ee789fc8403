namespace Parley.Core.Domain;

/// <summary>The one-line provenance note every output of a sourced scenario carries (one wording, here only).</summary>
public static class ProvenanceNote
{
    /// <summary>The note, naming the file whose 'sources' list the analyses.</summary>
    /// <param name="file">The scenario file as given.</param>
    public static string For(string file) =>
        $"Note: these numbers are estimates from published analyses, not intelligence; the sources are listed in {file} ('sources') and by 'parley show'.";
}
