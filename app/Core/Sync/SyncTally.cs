using System.Collections.Concurrent;
using GistCloud.Core.Domain.SyncRuns;
using GistCloud.Core.Domain.Users;
using GistCloud.Core.GitHub;

namespace GistCloud.Core.Sync;

/// <summary>A run's figures, added to from many users at once.</summary>
internal sealed class SyncTally
{
    private readonly ConcurrentQueue<UserSyncError> errors = new();
    private readonly Lock figuresLock = new();
    private int usersChecked;
    private int usersChanged;
    private int gistsStored;
    private int gistsUpdated;
    private int gistsPublished;
    private int gistsFailed;
    private int gitHubRequests;
    private int gitHubNotModified;
    private GitHubRateLimit? rateLimit;
    private GitHubFailure? gitHubStop;
    private string? pipedriveStop;

    /// <summary>Set when GitHub's rate limit is spent: no further user is scanned this run.</summary>
    public GitHubFailure? GitHubStop => Volatile.Read(ref gitHubStop);

    /// <summary>Set when Pipedrive cannot take more this run (budget spent, token refused): publishing stops.</summary>
    public string? PipedriveStop => Volatile.Read(ref pipedriveStop);

    public void UserChecked() => Interlocked.Increment(ref usersChecked);

    public void UserChanged() => Interlocked.Increment(ref usersChanged);

    public void Stored(int added, int updated)
    {
        Interlocked.Add(ref gistsStored, added);
        Interlocked.Add(ref gistsUpdated, updated);
    }

    public void Published() => Interlocked.Increment(ref gistsPublished);

    public void PublishFailed() => Interlocked.Increment(ref gistsFailed);

    public void GitHubAnswered(GitHubRequestCount requests, GitHubRateLimit? limit)
    {
        Interlocked.Add(ref gitHubRequests, requests.Made);
        Interlocked.Add(ref gitHubNotModified, requests.NotModified);
        if (limit is not null)
        {
            // Answers arrive out of order; the lowest remaining is the most recent truth within one window.
            lock (figuresLock)
            {
                if (rateLimit is null || limit.ResetsAt > rateLimit.ResetsAt || limit.Remaining < rateLimit.Remaining)
                {
                    rateLimit = limit;
                }
            }
        }
    }

    public void StopGitHub(GitHubFailure failure) => Interlocked.CompareExchange(ref gitHubStop, failure, null);

    public void StopPipedrive(string reason) => Interlocked.CompareExchange(ref pipedriveStop, reason, null);

    /// <summary>Errors kept in the run's record; a DynamoDB item holds 400 KB, so a run with thousands of failing users keeps the first ones and counts the rest.</summary>
    public const int MaxErrorsRecorded = 200;

    private int errorsLeftOut;

    public int ErrorsLeftOut => Volatile.Read(ref errorsLeftOut);

    public void Error(GitHubUsername username, string error)
    {
        if (errors.Count >= MaxErrorsRecorded)
        {
            Interlocked.Increment(ref errorsLeftOut);
            return;
        }

        errors.Enqueue(new UserSyncError(username, error));
    }

    public IReadOnlyList<UserSyncError> Errors => [.. errors.OrderBy(e => e.Username.Value, StringComparer.Ordinal)];

    public SyncFigures Figures()
    {
        lock (figuresLock)
        {
            return new SyncFigures(
                usersChecked, usersChanged, gistsStored, gistsUpdated, gistsPublished, gistsFailed,
                gitHubRequests, gitHubNotModified, rateLimit?.Remaining);
        }
    }
}
