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

    /// <summary>
    /// The failures of the shared settings, each naming its key (<c>GitHub:MaxRetries</c>): a value outside the peer's
    /// <paramref name="limits"/> or the bounds both peers share, or a call's whole budget shorter than one attempt.
    /// </summary>
    public static IEnumerable<string> Validate(string section, HttpPeerOptions options, HttpPeerLimits limits)
    {
        var failures = new List<string>();
        CheckRange(failures, section, nameof(options.AttemptTimeout), options.AttemptTimeout, limits.MinAttemptTimeout, TimeSpan.FromMinutes(5));
        CheckRange(failures, section, nameof(options.MaxRetries), options.MaxRetries, 0, 10);
        CheckRange(failures, section, nameof(options.MaxRetryDelay), options.MaxRetryDelay, TimeSpan.Zero, TimeSpan.FromMinutes(10));
        CheckRange(failures, section, nameof(options.RetryBaseDelay), options.RetryBaseDelay, TimeSpan.Zero, TimeSpan.FromMinutes(1));
        CheckRange(failures, section, nameof(options.TotalTimeout), options.TotalTimeout, limits.MinTotalTimeout, limits.MaxTotalTimeout);

        if (options.TotalTimeout < options.AttemptTimeout)
        {
            failures.Add(
                $"{section}:{nameof(options.TotalTimeout)} ({options.TotalTimeout}) must be at least " +
                $"{section}:{nameof(options.AttemptTimeout)} ({options.AttemptTimeout}).");
        }

        return failures;
    }

    private static void CheckRange<T>(List<string> failures, string section, string key, T value, T min, T max)
        where T : IComparable<T>
    {
        if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
        {
            failures.Add($"{section}:{key} must be between {min} and {max}, but is {value}.");
        }
    }
}
