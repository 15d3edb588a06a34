using System.Globalization;

namespace GistCloud.Core.GitHub;

/// <summary>
/// Reads GitHub's throttling headers (<c>x-ratelimit-*</c>, <c>retry-after</c>) from either side of Octokit:
/// raw <see cref="HttpResponseMessage"/>s in the retry pipeline, Octokit's header dictionary in its exceptions.
/// </summary>
internal readonly struct GitHubRateLimitHeaders
{
    private readonly Func<string, string?> _header;

    private GitHubRateLimitHeaders(Func<string, string?> header) => _header = header;

    public static GitHubRateLimitHeaders From(HttpResponseMessage response) =>
        new(name => response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null);

    public static GitHubRateLimitHeaders From(IReadOnlyDictionary<string, string>? headers) =>
        new(name => headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value);

    /// <summary>The primary limit as reported, or null when the answer did not carry all three headers.</summary>
    public GitHubRateLimit? RateLimit =>
        Integer("x-ratelimit-limit") is { } limit
        && Integer("x-ratelimit-remaining") is { } remaining
        && ResetsAt is { } resetsAt
            ? new GitHubRateLimit((int)limit, (int)remaining, resetsAt)
            : null;

    /// <summary>GitHub's primary limit is spent: retrying before <see cref="ResetsAt"/> cannot succeed.</summary>
    public bool IsPrimaryLimitExhausted => Integer("x-ratelimit-remaining") == 0;

    public DateTimeOffset? ResetsAt =>
        Integer("x-ratelimit-reset") is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;

    /// <summary><c>retry-after</c> as a wait from <paramref name="now"/> (seconds or an HTTP date), or null.</summary>
    public TimeSpan? RetryAfter(DateTimeOffset now)
    {
        var value = _header("retry-after");
        if (value is null)
        {
            return null;
        }

        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? (at > now ? at - now : TimeSpan.Zero)
            : null;
    }

    private long? Integer(string name) =>
        long.TryParse(_header(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
