using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace GistCloud.Core.Http;

/// <summary>The pipeline shape every HTTP peer shares; which outcomes are retried, and how long to wait, stays the peer's own.</summary>
internal static class HttpPeerResilience
{
    /// <summary>
    /// A total timeout (<c>{name}-total</c>), then retries with jittered exponential backoff (<c>{name}-retry</c>, none
    /// when <see cref="HttpPeerOptions.MaxRetries"/> is 0) that <paramref name="configureRetry"/> completes with the peer's
    /// retry condition, then a per-attempt timeout (<c>{name}-attempt</c>).
    /// </summary>
    public static void AddTimeoutsAndRetries(
        this ResiliencePipelineBuilder<HttpResponseMessage> pipeline,
        string name,
        HttpPeerOptions options,
        Action<HttpRetryStrategyOptions> configureRetry)
    {
        pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Name = $"{name}-total", Timeout = options.TotalTimeout });

        if (options.MaxRetries > 0)
        {
            var retry = new HttpRetryStrategyOptions
            {
                Name = $"{name}-retry",
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.MaxRetryDelay,
            };
            configureRetry(retry);
            pipeline.AddRetry(retry);
        }

        pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Name = $"{name}-attempt", Timeout = options.AttemptTimeout });
    }
}
