using System.ComponentModel.DataAnnotations;

namespace GistCloud.Core.Sync;

/// <summary>Configuration section <c>Sync</c>.</summary>
public sealed class SyncOptions : IValidatableObject
{
    public const string SectionName = "Sync";

    /// <summary>Timer period where the API runs syncs in-process (its <c>HostedSyncRunner</c>); zero turns the timer (and <c>POST /api/sync</c>) off.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00", ErrorMessage = "Sync:Interval must be between 00:00:00 (off) and 7 days.")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(3);

    /// <summary>Users scanned at once. GitHub advises against bursts: keep it modest.</summary>
    [Range(1, 32, ErrorMessage = "Sync:Concurrency must be between 1 and 32.")]
    public int Concurrency { get; set; } = 8;

    /// <summary>How long a run's lease lasts unless renewed (it is renewed every third of this).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Sync:LeaseDuration must be between 1 second and 1 hour.")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a user GitHub answered 404 for is left alone before being checked again.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan NotFoundRecheck { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Gists published per user per run; the rest wait for the next run.</summary>
    [Range(1, 10_000)]
    public int PublishBatch { get; set; } = 200;

    /// <summary>
    /// A run stops (keeping its work, recorded as stopped early) after this long: below the sync Lambda's 15-minute
    /// timeout, so a run is never killed before it has written its figures.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Sync:MaxRunDuration must be between 1 second and 1 day.")]
    public TimeSpan MaxRunDuration { get; set; } = TimeSpan.FromMinutes(14);

    /// <summary>
    /// Where this process does not run syncs itself: the SQS queue <c>POST /api/sync</c> sends a run request to (the sync
    /// worker consumes it). Read at start-up: it decides whether the queue is wired at all (Core.Queueing).
    /// </summary>
    public Uri? QueueUrl { get; set; }

    /// <summary>
    /// CloudWatch namespace of each finished run's metrics (one embedded-metric-format line on stdout, Core.Monitoring);
    /// unset writes none. Read at start-up.
    /// </summary>
    [StringLength(255, ErrorMessage = "Sync:MetricsNamespace must be at most 255 characters.")]
    public string? MetricsNamespace { get; set; }

    /// <summary>The value of the metrics' <c>Stage</c> dimension (dev, stg, prd): required with <see cref="MetricsNamespace"/>.</summary>
    [StringLength(255, ErrorMessage = "Sync:MetricsStage must be at most 255 characters.")]
    public string? MetricsStage { get; set; }

    public bool TimerEnabled => Interval > TimeSpan.Zero;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(MetricsNamespace) && string.IsNullOrWhiteSpace(MetricsStage))
        {
            // Alarms select on the Stage dimension: metrics without it would alarm nowhere.
            yield return new ValidationResult(
                "Sync:MetricsStage must be set when Sync:MetricsNamespace is (it is the metrics' Stage dimension).", [nameof(MetricsStage)]);
        }
    }
}
