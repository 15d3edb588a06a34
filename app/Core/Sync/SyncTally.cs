using System.Collections.Concurrent;
using GistCloud.Core.Domain.SyncRuns;
using GistCloud.Core.Domain.Users;
using GistCloud.Core.GitHub;

namespace GistCloud.Core.Sync;

/// <summary>A run's figures, added to from many users at once.</summary>
internal sealed class SyncTally
{
    private readonly ConcurrentQueue<UserSyncError> _errors = new();
    private readonly Lock _figuresLock = new();
    private int _usersChecked;
    private int _usersChanged;
    private int _gistsStored;
    private int _gistsUpdated;
    private int _gistsPublished;
    private int _gistsFailed;
    private int _gitHubRequests;
    private int _gitHubNotModified;
    private int _graphQLRequests;
    private int _graphQLPoints;
    private GitHubRateLimit? _rateLimit;
    private GitHubFailure? _gitHubStop;
    private string? _pipedriveStop;

    /// <summary>Set when GitHub's rate limit is spent: no further user is scanned this run.</summary>
    public GitHubFailure? GitHubStop => Volatile.Read(ref _gitHubStop);

    /// <summary>Set when Pipedrive cannot take more this run (budget spent, token refused): publishing stops.</summary>
    public string? PipedriveStop => Volatile.Read(ref _pipedriveStop);

    /// <summary>The change probe ran for the whole run without being refused: a completed run may record its sweep.</summary>
    public bool ProbeSwept { get; set; }

    private int _unexpectedFailures;

    public bool AnyUnexpectedFailure => Volatile.Read(ref _unexpectedFailures) > 0;

    public void FailedUnexpectedly() => Interlocked.Increment(ref _unexpectedFailures);

    public void UserChecked() => Interlocked.Increment(ref _usersChecked);

    public void UserChanged() => Interlocked.Increment(ref _usersChanged);

    public void Stored(int added, int updated)
    {
        Interlocked.Add(ref _gistsStored, added);
        Interlocked.Add(ref _gistsUpdated, updated);
    }

    public void Published() => Interlocked.Increment(ref _gistsPublished);

    /// <summary>Failed publishes kept in the run's record, in order: enough to act on, small enough for the item.</summary>
    public const int MaxFailedGistsRecorded = 50;

    private readonly ConcurrentQueue<FailedGistPublish> _failedGists = new();
    private int _failedGistsLeftOut;

    public void PublishFailed(FailedGistPublish failed)
    {
        Interlocked.Increment(ref _gistsFailed);
        lock (_figuresLock)
        {
            if (_failedGists.Count >= MaxFailedGistsRecorded)
            {
                _failedGistsLeftOut++;
                return;
            }

            _failedGists.Enqueue(failed);
        }
    }

    public IReadOnlyList<FailedGistPublish> FailedGists => [.. _failedGists];

    public int FailedGistsLeftOut
    {
        get
        {
            lock (_figuresLock)
            {
                return _failedGistsLeftOut;
            }
        }
    }

    public void GitHubAnswered(GitHubRequestCount requests, GitHubRateLimit? limit)
    {
        Interlocked.Add(ref _gitHubRequests, requests.Made);
        Interlocked.Add(ref _gitHubNotModified, requests.NotModified);
        if (limit is not null)
        {
            // Answers arrive out of order; the lowest remaining is the most recent truth within one window.
            lock (_figuresLock)
            {
                if (_rateLimit is null || limit.ResetsAt > _rateLimit.ResetsAt || limit.Remaining < _rateLimit.Remaining)
                {
                    _rateLimit = limit;
                }
            }
        }
    }

    /// <summary>A change probe call: its HTTP attempts count as GitHub requests, and apart as GraphQL ones with their points.</summary>
    public void Probed(GitHubRequestCount requests, int points)
    {
        Interlocked.Add(ref _gitHubRequests, requests.Made);
        Interlocked.Add(ref _graphQLRequests, requests.Made);
        Interlocked.Add(ref _graphQLPoints, points);
    }

    public void StopGitHub(GitHubFailure failure) => Interlocked.CompareExchange(ref _gitHubStop, failure, null);

    public void StopPipedrive(string reason) => Interlocked.CompareExchange(ref _pipedriveStop, reason, null);

    /// <summary>Errors kept in the run's record; a DynamoDB item holds 400 KB, so a run with thousands of failing users keeps the first ones and counts the rest.</summary>
    public const int MaxErrorsRecorded = 200;

    private int _errorsLeftOut;

    public int ErrorsLeftOut => Volatile.Read(ref _errorsLeftOut);

    public void Error(GitHubUsername username, string error)
    {
        if (_errors.Count >= MaxErrorsRecorded)
        {
            Interlocked.Increment(ref _errorsLeftOut);
            return;
        }

        _errors.Enqueue(new UserSyncError(username, error));
    }

    public IReadOnlyList<UserSyncError> Errors => [.. _errors.OrderBy(e => e.Username.Value, StringComparer.Ordinal)];

    public SyncFigures Figures()
    {
        lock (_figuresLock)
        {
            return new SyncFigures(
                _usersChecked, _usersChanged, _gistsStored, _gistsUpdated, _gistsPublished, _gistsFailed,
                _gitHubRequests, _gitHubNotModified, _rateLimit?.Remaining, _graphQLRequests, _graphQLPoints);
        }
    }
}
