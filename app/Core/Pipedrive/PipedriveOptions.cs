using System.ComponentModel.DataAnnotations;

namespace GistCloud.Core.Pipedrive;

/// <summary>Configuration section <c>Pipedrive</c>.</summary>
public sealed class PipedriveOptions
{
    public const string SectionName = "Pipedrive";

    /// <summary>API token; unset means publishing is disabled and gists are stored as <c>disabled</c>.</summary>
    public string? ApiToken { get; set; }

    /// <summary><c>https://&lt;company&gt;.pipedrive.com</c>, or a fake in tests. Required when <see cref="ApiToken"/> is set.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>What one gist becomes in Pipedrive.</summary>
    public PipedriveMode Mode { get; set; } = PipedriveMode.Activity;

    /// <summary>
    /// Key of the activity type to create (type keys are per company). Unset: resolved once from
    /// <c>GET /api/v1/activityTypes</c>, preferring <c>task</c>, else the first active type.
    /// </summary>
    public string? ActivityType { get; set; }

    /// <summary>Publishing attempts per gist before the outbox marks it <c>failed</c>.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Per-attempt timeout of a Pipedrive request.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many times a throttled, 5xx or timed-out request is retried (creations only when surely not processed).</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>Longest <c>Retry-After</c>, rate-limit reset or backoff waited; longer waits become a RateLimited failure with its retry time.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Backoff before the first retry; it doubles (with jitter) for each later one, up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Budget of one call to Pipedrive, its retries and waits included.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(90);

    public bool IsEnabled => !string.IsNullOrWhiteSpace(ApiToken);
}

public enum PipedriveMode
{
    Activity,
    Deal,
}
