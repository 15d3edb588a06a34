using GistCloud.Core.Domain.Activity;
using GistCloud.Core.Domain.Actors;
using GistCloud.Core.Domain.Users;
using GistCloud.Core.Storage.Activity;

namespace GistCloud.Api.Activity;

/// <summary>
/// Writes a change to the activity log after it happened. A failed write does not undo or fail the change (the user
/// already carries addedBy, the run requestedBy): it is logged with who did what, so the record survives in the logs.
/// </summary>
internal sealed partial class ActivityRecorder(ActivityLog log, TimeProvider time, ILogger<ActivityRecorder> logger)
{
    public async Task RecordAsync(ActivityAction action, Actor actor, GitHubUsername? username = null, string? runId = null)
    {
        var entry = new ActivityEntry(time.GetUtcNow(), action, actor, username, runId);
        LogActivity(action, actor.Kind, actor.Subject, username?.Value, runId);
        try
        {
            // Not the request's token: a caller who hangs up after the change still leaves its record.
            await log.RecordAsync(entry, CancellationToken.None);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogNotRecorded(exception, action);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Activity {Action} by {ActorKind} {ActorSubject}: user {Username}, run {RunId}")]
    private partial void LogActivity(ActivityAction action, ActorKind actorKind, string? actorSubject, string? username, string? runId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The activity log did not take {Action}; the line above records it")]
    private partial void LogNotRecorded(Exception exception, ActivityAction action);
}
