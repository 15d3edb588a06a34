using System.Net;
using GistCloud.Core.Http;
using Polly;
using Polly.Timeout;

namespace GistCloud.Core.GitHub;

/// <summary>
/// The resilience pipeline under Octokit (it runs inside the named HttpClient, so it sees every raw attempt):
/// a total timeout, then retries with jittered exponential backoff, then a per-attempt timeout.
/// </summary>
internal static class GitHubResilience
{
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, GitHubOptions options, TimeProvider time, GitHubRequestPacer pacer)
    {
        // Timeouts and retry waits run on the service's clock (Polly's DI registration picks the container's
        // TimeProvider too; said here so it cannot silently become the system clock).
        pipeline.TimeProvider = time;
        if (pacer.Limiter is { } limiter)
        {
            // Outermost, once per call: waiting for a turn must not eat into the request's own timeouts.
            pipeline.AddRateLimiter(limiter);
        }

        pipeline.AddTimeoutsAndRetries("github", options, retry =>
        {
            // Waits Retry-After when present; ShouldRetry refuses waits longer than MaxRetryDelay,
            // because Polly does not cap a Retry-After delay by MaxDelay.
            retry.ShouldRetryAfterHeader = true;
            retry.ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, options.MaxRetryDelay, time.GetUtcNow()));
        });
    }

    /// <summary>
    /// Retry transport failures, timed-out attempts, 5xx and 408, and secondary limits whose
    /// <c>retry-after</c> fits in <paramref name="maxRetryDelay"/>. Never retry an exhausted primary limit
    /// (<c>x-ratelimit-remaining: 0</c>): it resets in up to an hour, so the caller gets RateLimited at once.
    /// </summary>
    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, TimeSpan maxRetryDelay, DateTimeOffset now) =>
        outcome switch
        {
            { Exception: HttpRequestException or TimeoutRejectedException } => true,
            { Result: { } response } => ShouldRetry(response, maxRetryDelay, now),
            _ => false,
        };

    internal static bool ShouldRetry(HttpResponseMessage response, TimeSpan maxRetryDelay, DateTimeOffset now)
    {
        var headers = GitHubRateLimitHeaders.From(response);
        var retryAfter = headers.RetryAfter(now);
        if (retryAfter > maxRetryDelay)
        {
            return false;
        }

        var status = (int)response.StatusCode;
        return status switch
        {
            >= 500 or (int)HttpStatusCode.RequestTimeout => true,
            (int)HttpStatusCode.Forbidden or (int)HttpStatusCode.TooManyRequests =>
                !headers.IsPrimaryLimitExhausted && retryAfter is not null,
            _ => false,
        };
    }
}
