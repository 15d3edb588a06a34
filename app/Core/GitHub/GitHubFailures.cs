using System.Globalization;
using System.Net;
using Octokit;
using Polly.Timeout;

namespace GistCloud.Core.GitHub;

/// <summary>
/// Turns what Octokit and the HTTP stack throw into <see cref="GitHubFailure"/>s. Messages are safe to show
/// a user: they name the status and the user, never a header, URL query or token.
/// </summary>
internal static class GitHubFailures
{
    /// <summary>How long GitHub asks clients to wait after a secondary limit that names no time.</summary>
    internal static readonly TimeSpan SecondaryLimitWait = TimeSpan.FromSeconds(60);

    /// <summary>The failure for <paramref name="exception"/>, or null when it is not a GitHub failure (e.g. the caller cancelled).</summary>
    public static GitHubFailure? From(
        Exception exception,
        string subject,
        DateTimeOffset now,
        CancellationToken cancellationToken) =>
        exception switch
        {
            NotFoundException => new(GitHubFailureKind.NotFound, $"GitHub has no user '{subject}'."),
            ApiException api => FromStatus(api, subject, now),
            TimeoutRejectedException => Unavailable($"GitHub did not answer in time for '{subject}'."),
            OperationCanceledException when !cancellationToken.IsCancellationRequested =>
                Unavailable($"GitHub did not answer in time for '{subject}'."),
            HttpRequestException => Unavailable($"GitHub could not be reached for '{subject}'."),
            _ => null,
        };

    private static GitHubFailure FromStatus(ApiException exception, string subject, DateTimeOffset now)
    {
        var status = exception.HttpResponse?.StatusCode ?? exception.StatusCode;
        var headers = GitHubRateLimitHeaders.From(exception.HttpResponse?.Headers);

        if (Throttled(status, headers, now, secondaryKnown: exception is SecondaryRateLimitExceededException or AbuseException) is { } throttled)
        {
            return throttled;
        }

        return status switch
        {
            HttpStatusCode.Unauthorized => Unavailable("GitHub rejected the configured token (401 Bad credentials)."),
            HttpStatusCode.Forbidden => Unavailable($"GitHub refused the request for '{subject}' (403 Forbidden)."),
            _ => Unavailable($"GitHub answered HTTP {(int)status} for '{subject}'."),
        };
    }

    /// <summary>
    /// GitHub's throttling answers, for REST and GraphQL alike: a 403 or 429 with a spent primary limit, with
    /// <c>retry-after</c>, or a bare 429 (or a 403 the caller knows is a secondary limit). Null for any other answer.
    /// </summary>
    internal static GitHubFailure? Throttled(
        HttpStatusCode status, GitHubRateLimitHeaders headers, DateTimeOffset now, bool secondaryKnown = false, string limitName = "rate limit", string unit = "requests")
    {
        if (status is not (HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests))
        {
            return null;
        }

        if (headers.IsPrimaryLimitExhausted)
        {
            return LimitSpent(headers.ResetsAt ?? now.AddHours(1), headers.RateLimit, limitName, unit);
        }

        if (headers.RetryAfter(now) is { } wait)
        {
            return RateLimited($"GitHub asked to wait {wait.TotalSeconds:0} s (secondary rate limit).", now + wait);
        }

        return status == HttpStatusCode.TooManyRequests || secondaryKnown
            ? RateLimited("GitHub's secondary rate limit was hit; waiting a minute.", now + SecondaryLimitWait)
            : null;
    }

    /// <summary>"GitHub's rate limit (5000 requests an hour) is spent; it resets at …" (or the GraphQL limit, in points).</summary>
    internal static GitHubFailure LimitSpent(DateTimeOffset resetsAt, GitHubRateLimit? limit, string limitName = "rate limit", string unit = "requests") =>
        RateLimited($"GitHub's {limitName}{(limit is null ? "" : $" ({limit.Limit} {unit} an hour)")} is spent; it resets at {Format(resetsAt)}.", resetsAt);

    private static GitHubFailure RateLimited(string message, DateTimeOffset retryAt) =>
        new(GitHubFailureKind.RateLimited, message, retryAt);

    private static GitHubFailure Unavailable(string message) => new(GitHubFailureKind.Unavailable, message);

    private static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
