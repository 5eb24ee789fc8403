namespace Parley.Web;

/// <summary>
/// Which requests the dashboard refuses before any work: a Host it does not answer to (DNS rebinding), and a
/// state-changing request from another site (an Origin or Referer that is not one of its hosts; without either, a
/// body that is not JSON, which a cross-site form cannot send). Scripts and curl with JSON keep working.
/// </summary>
internal static class RequestGuard
{
    /// <summary>Status, title and detail of the refusal, or null when the request may go on.</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">The dashboard's settings.</param>
    public static (int Status, string Title, string Detail)? Refusal(HttpRequest request, WebOptions options)
    {
        string host = request.Host.Host;
        if (!Allowed(host, options))
        {
            return (StatusCodes.Status400BadRequest, "Host not allowed",
                $"this dashboard answers to {string.Join(", ", options.AllowedHosts)}, not '{host}'; to serve another name, start it with --Parley:AllowedHosts:N=NAME");
        }

        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
        {
            return null;
        }

        string? from = request.Headers.Origin.FirstOrDefault() ?? request.Headers.Referer.FirstOrDefault();
        if (from is not null)
        {
            return Uri.TryCreate(from, UriKind.Absolute, out Uri? origin) && (origin.Scheme == Uri.UriSchemeHttp || origin.Scheme == Uri.UriSchemeHttps) && Allowed(origin.Host, options)
                ? null
                : (StatusCodes.Status403Forbidden, "Cross-site request refused", $"a request that changes something must come from this dashboard's own pages, not from '{from}'");
        }

        // neither header: a script or a command line; a cross-site form would carry one of them, and cannot send JSON
        bool json = request.ContentType is string type && type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase);
        // validation only reads what it is sent (YAML as text, or the page's form): it changes nothing
        bool readOnly = request.Path.Equals("/validate", StringComparison.Ordinal) || request.Path.Equals("/api/validate", StringComparison.Ordinal);
        return json || readOnly || request.ContentLength is null or 0
            ? null
            : (StatusCodes.Status415UnsupportedMediaType, "JSON expected", "a request from outside the dashboard's pages must send application/json");
    }

    private static bool Allowed(string host, WebOptions options)
    {
        string bare = host.Trim('[', ']');
        foreach (string a in options.AllowedHosts)
        {
            if (string.Equals(a.Trim('[', ']'), bare, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
