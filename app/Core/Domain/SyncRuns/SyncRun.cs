using GistCloud.Core.Domain.Actors;
using GistCloud.Core.Domain.Users;

namespace GistCloud.Core.Domain.SyncRuns;

/// <summary>What started a run.</summary>
public enum SyncTrigger
{
    /// <summary>The schedule: EventBridge on AWS, the API's timer locally.</summary>
    Schedule,

    /// <summary>Someone asked (<c>POST /api/sync</c>, or the console).</summary>
    Manual,
}

public enum SyncRunOutcome
{
    /// <summary>Still going (or the process died mid-run; its lease then expires).</summary>
    Running,

    /// <summary>Every tracked user was checked.</summary>
    Completed,

    /// <summary>GitHub's rate limit was spent: the run kept what it did and stopped.</summary>
    StoppedEarly,

    /// <summary>Another run held the lease: nothing was done.</summary>
    Skipped,

    /// <summary>Something unexpected stopped the run; <see cref="SyncRun.Message"/> says what.</summary>
    Failed,

    /// <summary>Requested through the queue (<c>POST /api/sync</c> on AWS): the sync worker has not taken it up yet.</summary>
    Queued,
}

/// <summary>One sync run and its figures, as stored and shown at <c>GET /api/sync/runs</c>.</summary>
/// <param name="FailedGists">The gists whose publish failed in this run (the first ones, in order); null for runs stored before it was recorded.</param>
/// <param name="FailedGistsLeftOut">Further failed publishes beyond <paramref name="FailedGists"/>.</param>
/// <param name="RequestedBy">Who asked for a manual run; null for scheduled runs and runs recorded before it was recorded.</param>
public sealed record SyncRun(
    string RunId,
    SyncTrigger Trigger,
    SyncRunOutcome Outcome,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    SyncFigures Figures,
    IReadOnlyList<UserSyncError> Errors,
    string? Message,
    IReadOnlyList<FailedGistPublish>? FailedGists = null,
    int FailedGistsLeftOut = 0,
    Actor? RequestedBy = null)
{
    public TimeSpan? Duration => FinishedAt - StartedAt;
}

/// <param name="UsersChecked">Users whose gists were asked for (a 304 counts).</param>
/// <param name="UsersChanged">Users with at least one new or updated gist.</param>
/// <param name="GistsStored">New gists stored.</param>
/// <param name="GistsUpdated">Known gists whose metadata was refreshed.</param>
/// <param name="GistsPublished">Gists published to Pipedrive.</param>
/// <param name="GistsFailed">Publish attempts that failed (the gist stays in the outbox until its attempts run out).</param>
/// <param name="GitHubRequests">HTTP requests made to GitHub (REST and GraphQL), retries included.</param>
/// <param name="GitHubNotModified">Of those, answered 304 (free when authenticated).</param>
/// <param name="RateLimitRemaining">GitHub's primary (REST) rate limit left at the end, as last reported.</param>
/// <param name="GraphQLRequests">Of <paramref name="GitHubRequests"/>, the change probe's GraphQL calls.</param>
/// <param name="GraphQLPoints">GraphQL points those calls cost (GitHub's budget is 5,000 an hour per token).</param>
public sealed record SyncFigures(
    int UsersChecked = 0,
    int UsersChanged = 0,
    int GistsStored = 0,
    int GistsUpdated = 0,
    int GistsPublished = 0,
    int GistsFailed = 0,
    int GitHubRequests = 0,
    int GitHubNotModified = 0,
    int? RateLimitRemaining = null,
    int GraphQLRequests = 0,
    int GraphQLPoints = 0);

/// <summary>Why one user could not be synced in a run (the others go on).</summary>
public sealed record UserSyncError(GitHubUsername Username, string Error);

/// <summary>A publish attempt that failed in a run: which gist, why, and its attempt count after it.</summary>
public sealed record FailedGistPublish(GitHubUsername Username, string GistId, string Error, int Attempts);
