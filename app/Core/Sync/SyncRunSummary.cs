using System.Text.Json.Serialization;
using GistCloud.Core.Domain.Actors;
using GistCloud.Core.Domain.SyncRuns;

namespace GistCloud.Core.Sync;

/// <summary>A run as the outside world sees it: the API's <c>/api/sync/runs</c> and the sync Lambda's answer.</summary>
/// <param name="FailedGists">The gists whose publish to Pipedrive failed in this run (the first 50, in order); absent on runs recorded before this field.</param>
/// <param name="RequestedBy">Who asked for a manual run (a signed-in person, the API key, or anonymous); absent on scheduled runs and older runs.</param>
/// <param name="FailedGistsLeftOut">How many more publishes failed beyond failedGists; absent with it.</param>
public sealed record SyncRunSummary(
    string RunId,
    SyncTrigger Trigger,
    SyncRunOutcome Outcome,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    long? DurationMs,
    SyncFigures Figures,
    IReadOnlyList<SyncRunError> Errors,
    string? Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<SyncRunFailedGist>? FailedGists = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? FailedGistsLeftOut = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Actor? RequestedBy = null)
{
    public static SyncRunSummary From(SyncRun run) => new(
        run.RunId, run.Trigger, run.Outcome, run.StartedAt.ToUniversalTime(), run.FinishedAt?.ToUniversalTime(),
        run.Duration is { } duration ? (long)duration.TotalMilliseconds : null,
        run.Figures,
        [.. run.Errors.Select(e => new SyncRunError(e.Username.Value, e.Error))],
        run.Message,
        run.FailedGists is { } failed ? [.. failed.Select(f => new SyncRunFailedGist(f.Username.Value, f.GistId, f.Error, f.Attempts))] : null,
        run.FailedGists is null ? null : run.FailedGistsLeftOut,
        run.RequestedBy);
}

/// <param name="Attempts">The gist's publish attempts after this one (compare with the gist's pipedrive.maxAttempts).</param>
public sealed record SyncRunFailedGist(string Username, string GistId, string Error, int Attempts);

public sealed record SyncRunError(string Username, string Error);
