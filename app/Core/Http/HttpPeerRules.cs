namespace GistCloud.Core.Http;

/// <summary>Configuration rules every HTTP peer (GitHub, Pipedrive) shares: its base URL and its timeouts.</summary>
internal static class HttpPeerRules
{
    public static bool IsHttpUrl(Uri? url) =>
        url is { IsAbsoluteUri: true } && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps);

    /// <summary>Relative API paths resolve against the base only when it ends with '/': "https://ghe/api/v3" would lose "v3".</summary>
    public static Uri? WithTrailingSlash(Uri? url) =>
        url is { IsAbsoluteUri: true } && !url.AbsolutePath.EndsWith('/')
            ? new UriBuilder(url) { Path = url.AbsolutePath + "/" }.Uri
            : url;

    /// <summary>The failure when a call's whole budget is shorter than one of its attempts, else null.</summary>
    public static string? TimeoutsFit(string section, TimeSpan totalTimeout, TimeSpan attemptTimeout) =>
        totalTimeout < attemptTimeout
            ? $"{section}:TotalTimeout ({totalTimeout}) must be at least {section}:AttemptTimeout ({attemptTimeout})."
            : null;
}
