using System.ComponentModel.DataAnnotations;
using GistCloud.Core.Http;

namespace GistCloud.Core.Pipedrive;

/// <summary>Configuration section <c>Pipedrive</c>; timeouts and retries are the shared <see cref="HttpPeerOptions"/>.</summary>
public sealed class PipedriveOptions : HttpPeerOptions
{
    public const string SectionName = "Pipedrive";

    /// <summary>Attempts and calls as short as 10 ms, and a call of up to 10 minutes.</summary>
    internal static readonly HttpPeerLimits Limits = new(
        MinAttemptTimeout: TimeSpan.FromMilliseconds(10),
        MinTotalTimeout: TimeSpan.FromMilliseconds(10),
        MaxTotalTimeout: TimeSpan.FromMinutes(10));

    public PipedriveOptions()
        : base(totalTimeout: TimeSpan.FromSeconds(90))
    {
    }

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

    public bool IsEnabled => !string.IsNullOrWhiteSpace(ApiToken);
}

public enum PipedriveMode
{
    Activity,
    Deal,
}
