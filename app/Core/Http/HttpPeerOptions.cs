namespace GistCloud.Core.Http;

/// <summary>
/// The timeout and retry settings every HTTP peer (GitHub, Pipedrive) has, bound from the peer's own section
/// (<c>GitHub:AttemptTimeout</c>, <c>Pipedrive:AttemptTimeout</c>). Their ranges differ per peer, so they are
/// checked by <see cref="HttpPeerRules.Validate"/> from the peer's <see cref="HttpPeerLimits"/>, not by
/// <c>[Range]</c>, which a subclass cannot change. <c>BaseUrl</c> stays with each peer: GitHub's is required with a
/// default, Pipedrive's is optional (unset turns publishing off).
/// </summary>
public abstract class HttpPeerOptions
{
    private protected HttpPeerOptions(TimeSpan totalTimeout) => TotalTimeout = totalTimeout;

    /// <summary>Per-attempt timeout of a request to the peer.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many times a failed request is retried, with jittered backoff; which failures are retried is the peer's own rule.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Longest <c>Retry-After</c>, rate-limit reset or backoff waited; longer waits become a RateLimited failure instead.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Backoff before the first retry; it doubles (with jitter) for each later one, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Budget of one call to the peer, its retries and waits included.</summary>
    public TimeSpan TotalTimeout { get; set; }
}
