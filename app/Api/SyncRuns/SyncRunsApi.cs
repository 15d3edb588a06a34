using GistCloud.Api.Activity;
using GistCloud.Api.Errors;
using GistCloud.Api.Paging;
using GistCloud.Api.Security;
using GistCloud.Core.Domain.Activity;
using GistCloud.Core.Domain.SyncRuns;
using GistCloud.Core.Queueing;
using GistCloud.Core.Storage.SyncRuns;
using GistCloud.Core.Sync;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace GistCloud.Api.SyncRuns;

/// <summary><c>/api/sync</c>: the schedule, starting a run now, and the record of past runs.</summary>
internal static class SyncRunsApi
{
    public static RouteGroupBuilder MapSyncRuns(this RouteGroupBuilder group)
    {
        group.WithTags("Sync");

        group.MapGet("/", GetStatus).WithName("GetSyncStatus")
            .WithSummary("Whether this API runs the sync, when the next run is due, and the run in progress.");
        group.MapPost("/", StartRun).RequireAdmin().WithName("StartSync")
            .WithSummary("Start a sync run now: here where the API hosts the sync worker, else through the sync request queue (Sync:QueueUrl).")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapGet("/runs", ListRuns).WithName("ListSyncRuns").WithSummary("Recent sync runs with their figures, newest first.");
        group.MapGet("/runs/{runId}", GetRun).WithName("GetSyncRun").WithSummary("One sync run.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static Ok<SyncStatusResponse> GetStatus(HostedSyncRunner runner, SyncRunRequester requester, IOptions<SyncOptions> options) =>
        TypedResults.Ok(new SyncStatusResponse(
            runner.IsHosted, options.Value.TimerEnabled ? options.Value.Interval : null, runner.NextRunAt?.ToUniversalTime(), runner.RunningRunId,
            runner.IsHosted || requester.IsAvailable));

    private static async Task<Results<Accepted<SyncStartedResponse>, ProblemHttpResult>> StartRun(
        HttpContext context, CallerActors callers, HostedSyncRunner runner, SyncRunRequester requester, ActivityRecorder activity, CancellationToken cancellationToken)
    {
        var actor = await callers.OfAsync(context);
        if (!runner.IsHosted && requester.IsAvailable)
        {
            try
            {
                var queued = await requester.RequestAsync(actor, cancellationToken);
                await activity.RecordAsync(ActivityAction.SyncRequested, actor, runId: queued.RunId);
                return TypedResults.Accepted($"/api/sync/runs/{queued.RunId}", new SyncStartedResponse(queued.RunId));
            }
            catch (SyncRunQueueException exception)
            {
                return TypedResults.Problem(exception.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "The sync request could not be queued.");
            }
        }

        if (!runner.IsHosted)
        {
            return TypedResults.Problem(
                "This API does not run the sync (Sync:Interval is 0) and has no queue to ask the sync worker (Sync:QueueUrl); the scheduled sync worker runs on its own.",
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "The sync is not hosted here.");
        }

        var start = await runner.TriggerAsync(SyncTrigger.Manual, actor);
        await activity.RecordAsync(ActivityAction.SyncRequested, actor, runId: start.Run.RunId);
        if (!start.Started)
        {
            return Problems.Conflict(start.Run.Message ?? "Another sync run is in progress.");
        }

        return TypedResults.Accepted($"/api/sync/runs/{start.Run.RunId}", new SyncStartedResponse(start.Run.RunId));
    }

    private static async Task<Results<Ok<PageResponse<SyncRunSummary>>, ValidationProblem>> ListRuns(
        string? limit, string? cursor, SyncRunStore runs, CancellationToken cancellationToken)
    {
        if (!EdgeValidation.TryPage(limit, cursor, out var page, out var invalid))
        {
            return invalid.ToProblem();
        }

        var found = await runs.ListRecentAsync(page, cancellationToken);
        return TypedResults.Ok(new PageResponse<SyncRunSummary>([.. found.Items.Select(SyncRunSummary.From)], found.NextCursor));
    }

    private static async Task<Results<Ok<SyncRunSummary>, ProblemHttpResult>> GetRun(string runId, SyncRunStore runs, CancellationToken cancellationToken) =>
        await runs.FindAsync(runId, cancellationToken) is { } run
            ? TypedResults.Ok(SyncRunSummary.From(run))
            : Problems.NotFound($"There is no sync run '{runId}'.");
}
