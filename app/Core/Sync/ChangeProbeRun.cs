using GistCloud.Core.Domain.Users;
using GistCloud.Core.GitHub;
using Microsoft.Extensions.Logging;

namespace GistCloud.Core.Sync;

/// <summary>
/// One run's use of the change probe. The users due for a scan are cut into batches in the order the run visits them;
/// the first user of a batch to be reached starts its probe and the next <see cref="Lookahead"/> batches', so answers
/// are ready before the workers get there and at most a few GraphQL calls are in flight. The first batch is asked alone,
/// and answers before any other is asked. Each user then gets a
/// <see cref="ProbeVerdict"/>. When the endpoint refuses (no token, 401/403/404), every later user is listed over REST,
/// with one warning for the run; a spent budget stops the run's GitHub work like a spent REST limit does.
/// </summary>
internal sealed partial class ChangeProbeRun
{
    /// <summary>
    /// Probe calls started ahead of the workers. GitHub asks for modest concurrency and caps CPU time per minute for
    /// GraphQL; four calls in flight keep 100,000 users well inside a run at 100 ms a call.
    /// </summary>
    internal const int Lookahead = 4;

    private readonly IGistChangeProbe _probe;
    private readonly SyncTally _tally;
    private readonly ILogger _logger;
    private readonly List<GitHubUsername[]> _batches = [];
    private readonly Dictionary<GitHubUsername, int> _batchOf = [];
    private readonly Task<GitHubResult<GistProbeBatch>>?[] _started;
    private readonly Lock _lock = new();
    private readonly CancellationToken _runToken;
    private string? _refusal;

    private ChangeProbeRun(IGistChangeProbe probe, IEnumerable<GitHubUsername> due, int batchSize, SyncTally tally, ILogger logger, CancellationToken runToken)
    {
        _probe = probe;
        _tally = tally;
        _logger = logger;
        _runToken = runToken;
        foreach (var chunk in due.Chunk(batchSize))
        {
            foreach (var user in chunk)
            {
                _batchOf[user] = _batches.Count;
            }

            _batches.Add(chunk);
        }

        _started = new Task<GitHubResult<GistProbeBatch>>?[_batches.Count];
    }

    /// <summary>The endpoint refused during this run: some users were listed over REST without a probe answer.</summary>
    public bool Refused => Volatile.Read(ref _refusal) is not null;

    /// <summary>The probe for this run, or null (and why, logged once) when it cannot be used at all.</summary>
    public static ChangeProbeRun? Start(
        IGistChangeProbe probe, GitHubOptions options, IEnumerable<GitHubUsername> due, SyncTally tally, ILogger logger, CancellationToken runToken)
    {
        if (options.ProbeBatchSize == 0)
        {
            return null; // turned off on purpose: nothing to warn about
        }

        if (!options.HasToken)
        {
            LogRestOnly(logger, "GitHub's GraphQL API needs a token and GitHub:Token is not set");
            return null;
        }

        return new ChangeProbeRun(probe, due, options.ProbeBatchSize, tally, logger, runToken);
    }

    /// <summary>What the probe says about <paramref name="user"/>; waits for the user's batch.</summary>
    public async Task<ProbeVerdict> VerdictAsync(TrackedUser user, CancellationToken cancellationToken)
    {
        if (!_batchOf.TryGetValue(user.Username, out var batch) || Volatile.Read(ref _refusal) is not null)
        {
            return ProbeVerdict.ListOverRest(user.SyncState.ProbeSignature);
        }

        // The first batch's answer comes before any other call: an endpoint that refuses (or a spent budget) costs one call, not a volley.
        if (batch > 0)
        {
            await StartThrough(0).WaitAsync(cancellationToken);
            if (Volatile.Read(ref _refusal) is not null)
            {
                return ProbeVerdict.ListOverRest(user.SyncState.ProbeSignature);
            }
        }

        var result = await StartThrough(batch).WaitAsync(cancellationToken);
        if (result.Failure is { } failure)
        {
            return failure.Kind switch
            {
                GitHubFailureKind.RateLimited => ProbeVerdict.Stop,
                _ => ProbeVerdict.ListOverRest(user.SyncState.ProbeSignature),
            };
        }

        var answer = result.Value!.Answers[user.Username];
        return answer.State switch
        {
            GistProbeState.Found when answer.Signature == user.SyncState.ProbeSignature && user.Status == UserStatus.Ok => ProbeVerdict.Unchanged,
            GistProbeState.Found => ProbeVerdict.ListOverRest(answer.Signature),
            GistProbeState.NotFound => ProbeVerdict.NotFound(answer.Error!),
            _ => ProbeVerdict.ListOverRest(null),
        };
    }

    /// <summary>Starts the batch and the next ones (once each; only the first alone); returns the batch's call.</summary>
    private Task<GitHubResult<GistProbeBatch>> StartThrough(int batch)
    {
        lock (_lock)
        {
            var through = batch == 0 ? 1 : Math.Min(_batches.Count, batch + 1 + Lookahead);
            for (var next = batch; next < through; next++)
            {
                _started[next] ??= CallAsync(_batches[next]);
            }

            return _started[batch]!;
        }
    }

    private async Task<GitHubResult<GistProbeBatch>> CallAsync(GitHubUsername[] users)
    {
        var refusal = Volatile.Read(ref _refusal);
        if (refusal is not null || _tally.GitHubStop is not null)
        {
            // Started after the endpoint refused or the budget ran out: no call, the users go to REST or wait.
            return new GitHubResult<GistProbeBatch>(null, _tally.GitHubStop ?? new GitHubFailure(GitHubFailureKind.Refused, refusal!));
        }

        await Task.Yield(); // never run a call on the caller's lock
        var result = await _probe.ProbeAsync(users, _runToken);
        if (result.Value is { } batch)
        {
            _tally.Probed(batch.Requests, batch.Points);
            return result;
        }

        var failure = result.Failure!;
        _tally.Probed(failure.Requests, 0);
        switch (failure.Kind)
        {
            case GitHubFailureKind.RateLimited:
                _tally.StopGitHub(failure);
                break;
            case GitHubFailureKind.Refused when Interlocked.CompareExchange(ref _refusal, failure.Message, null) is null:
                LogRestOnly(_logger, failure.Message);
                break;
        }

        return result;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "GraphQL change probe off for this run, every user is listed over REST: {Reason}")]
    private static partial void LogRestOnly(ILogger logger, string reason);
}

/// <summary>What the run does with one user after the probe.</summary>
/// <param name="Action">Skip the listing, list over REST, record the user as gone, or stop (the budget is spent).</param>
/// <param name="Signature">For a listing: the signature to keep once it completes.</param>
internal readonly record struct ProbeVerdict(ProbeAction Action, string? Signature = null, string? Error = null)
{
    public static ProbeVerdict Unchanged => new(ProbeAction.Unchanged);

    public static ProbeVerdict Stop => new(ProbeAction.Stop);

    public static ProbeVerdict ListOverRest(string? signature) => new(ProbeAction.List, signature);

    public static ProbeVerdict NotFound(string error) => new(ProbeAction.NotFound, Error: error);
}

internal enum ProbeAction
{
    Unchanged,
    List,
    NotFound,
    Stop,
}
