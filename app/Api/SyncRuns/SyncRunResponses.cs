namespace GistCloud.Api.SyncRuns;

/// <param name="WorkerHosted">This API runs the sync (timer and <c>POST /api/sync</c>).</param>
/// <param name="Interval">The timer's period, when hosted.</param>
/// <param name="NextRunAt">When the timer fires next.</param>
/// <param name="RunningRunId">The run this API is working on now, if any.</param>
/// <param name="CanStartRun">Whether <c>POST /api/sync</c> can start a run: here (the worker is hosted) or through the sync request queue.</param>
public sealed record SyncStatusResponse(bool WorkerHosted, TimeSpan? Interval, DateTimeOffset? NextRunAt, string? RunningRunId, bool CanStartRun);

public sealed record SyncStartedResponse(string RunId);
