using GistCloud.Core.Domain.SyncRuns;

namespace GistCloud.Core.Sync;

/// <summary>A run as the outside world sees it: the API's <c>/api/sync/runs</c> and the sync Lambda's answer.</summary>
public sealed record SyncRunSummary(
    string RunId,
    SyncTrigger Trigger,
    SyncRunOutcome Outcome,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    long? DurationMs,
    SyncFigures Figures,
    IReadOnlyList<SyncRunError> Errors,
    string? Message)
{
    public static SyncRunSummary From(SyncRun run) => new(
        run.RunId, run.Trigger, run.Outcome, run.StartedAt.ToUniversalTime(), run.FinishedAt?.ToUniversalTime(),
        run.Duration is { } duration ? (long)duration.TotalMilliseconds : null,
        run.Figures,
        [.. run.Errors.Select(e => new SyncRunError(e.Username.Value, e.Error))],
        run.Message);
}

public sealed record SyncRunError(string Username, string Error);
