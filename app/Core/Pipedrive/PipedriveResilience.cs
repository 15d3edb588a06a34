using System.Net;
using GistCloud.Core.Http;
using Polly;
using Polly.Timeout;

namespace GistCloud.Core.Pipedrive;

/// <summary>
/// The pipeline inside the typed client: a total timeout, then retries with jittered exponential backoff
/// (or the wait a 429 names), then a per-attempt timeout.
/// </summary>
internal static class PipedriveResilience
{
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, PipedriveOptions options, TimeProvider time)
    {
        // Timeouts and retry waits run on the service's clock (Polly's DI registration picks the container's
        // TimeProvider too; said here so it cannot silently become the system clock).
        pipeline.TimeProvider = time;
        pipeline.AddTimeoutsAndRetries("pipedrive", options, retry =>
        {
            // Set before DelayGenerator: this setter replaces the generator. Ours also reads x-ratelimit-reset.
            retry.ShouldRetryAfterHeader = false;
            retry.DelayGenerator = args => ValueTask.FromResult(
                args.Outcome.Result is { } response ? PipedriveThrottle.WaitFor(response, time.GetUtcNow()) : null);
            retry.ShouldHandle = args => ValueTask.FromResult(
                ShouldRetry(args.Outcome, args.Context.GetRequestMessage(), options.MaxRetryDelay, time.GetUtcNow()));
        });
    }

    /// <summary>
    /// Pipedrive has no idempotency keys, so a creation (POST) is retried only when it surely was not processed:
    /// throttled (429), 408, or the connection never opened. A 5xx or timeout after sending may have created the
    /// item; the publisher then looks for it by marker on the next attempt. Reads are retried on every transient fault.
    /// A 429 whose wait exceeds <paramref name="maxRetryDelay"/> is not waited (Polly would not cap it).
    /// </summary>
    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, HttpRequestMessage? request, TimeSpan maxRetryDelay, DateTimeOffset now)
    {
        var isRead = request?.Method == HttpMethod.Get || request?.Method == HttpMethod.Head;
        return outcome switch
        {
            { Exception: HttpRequestException exception } => isRead || NeverSent(exception),
            { Exception: TimeoutRejectedException } => isRead,
            { Result: { } response } => (int)response.StatusCode switch
            {
                (int)HttpStatusCode.TooManyRequests => !(PipedriveThrottle.WaitFor(response, now) > maxRetryDelay),
                (int)HttpStatusCode.RequestTimeout => true,
                >= 500 => isRead,
                _ => false,
            },
            _ => false,
        };
    }

    /// <summary>The request failed before a connection existed, so Pipedrive cannot have acted on it.</summary>
    internal static bool NeverSent(HttpRequestException exception) =>
        exception.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError;
}
