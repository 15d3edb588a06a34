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

        if (status is HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests)
        {
            if (headers.IsPrimaryLimitExhausted)
            {
                var resetsAt = headers.ResetsAt ?? now.AddHours(1);
                var limit = headers.RateLimit is { } rateLimit ? $" ({rateLimit.Limit} requests an hour)" : "";
                return RateLimited($"GitHub's rate limit{limit} is spent; it resets at {Format(resetsAt)}.", resetsAt);
            }

            if (headers.RetryAfter(now) is { } wait)
            {
                return RateLimited($"GitHub asked to wait {wait.TotalSeconds:0} s (secondary rate limit).", now + wait);
            }

            if (status == HttpStatusCode.TooManyRequests || exception is SecondaryRateLimitExceededException or AbuseException)
            {
                return RateLimited("GitHub's secondary rate limit was hit; waiting a minute.", now + SecondaryLimitWait);
            }
        }

        return status switch
        {
            HttpStatusCode.Unauthorized => Unavailable("GitHub rejected the configured token (401 Bad credentials)."),
            HttpStatusCode.Forbidden => Unavailable($"GitHub refused the request for '{subject}' (403 Forbidden)."),
            _ => Unavailable($"GitHub answered HTTP {(int)status} for '{subject}'."),
        };
    }

    private static GitHubFailure RateLimited(string message, DateTimeOffset retryAt) =>
        new(GitHubFailureKind.RateLimited, message, retryAt);

    private static GitHubFailure Unavailable(string message) => new(GitHubFailureKind.Unavailable, message);

    private static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
