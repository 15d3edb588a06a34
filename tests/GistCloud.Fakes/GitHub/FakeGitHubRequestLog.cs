namespace GistCloud.Fakes.GitHub;

/// <summary>One request as the fake received and answered it.</summary>
/// <param name="Sequence">Arrival order, from 1 (the log is in this order even when a slow answer finishes last).</param>
/// <param name="Path">The path alone, e.g. <c>/users/octocat/gists</c>.</param>
/// <param name="PathAndQuery">Path and raw query as sent, e.g. <c>/users/octocat/gists?per_page=100&amp;page=2</c>.</param>
/// <param name="Query">The decoded query parameters.</param>
/// <param name="Headers">Request headers (case-insensitive names).</param>
/// <param name="StatusCode">What the fake answered; 499 when the client went away first (e.g. its timeout).</param>
/// <param name="CountedAgainstRateLimit">
/// Whether the answer cost one unit of the caller's primary REST ("core") rate limit; always false for GraphQL calls,
/// which pay points from their own budget (see <see cref="FakeGitHubRequestLog.GraphQLCalls"/>).
/// </param>
public sealed record FakeGitHubRequest(
    int Sequence,
    string Method,
    string Path,
    string PathAndQuery,
    IReadOnlyDictionary<string, string> Query,
    IReadOnlyDictionary<string, string> Headers,
    int StatusCode,
    bool CountedAgainstRateLimit)
{
    public string? IfNoneMatch => Headers.GetValueOrDefault("If-None-Match");

    public string? Authorization => Headers.GetValueOrDefault("Authorization");

    public bool HasAuthorization => Authorization is not null;
}

/// <summary>
/// Every request answered, in arrival order, and the counters tests assert cost with. A request appears once
/// answered (or abandoned by its client), so one held by <see cref="FakeGitHubFaults.DelayNext"/> appears late.
/// </summary>
public sealed class FakeGitHubRequestLog
{
    private readonly Lock _lock = new();
    private readonly List<FakeGitHubRequest> _requests = [];
    private readonly List<FakeGraphQLCall> _graphQLCalls = [];
    private int _received;

    /// <summary>Requests that arrived, answered or not yet.</summary>
    public int ReceivedCount => Volatile.Read(ref _received);

    public IReadOnlyList<FakeGitHubRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return _requests.ToList();
            }
        }
    }

    public int TotalRequests => Count(_ => true);

    public int NotModifiedCount => Count(r => r.StatusCode == 304);

    public int CountedAgainstRateLimit => Count(r => r.CountedAgainstRateLimit);

    /// <summary>GraphQL calls the endpoint answered (not those stopped before it: 401, faults, refusals), in answer order.</summary>
    public IReadOnlyList<FakeGraphQLCall> GraphQLCalls
    {
        get
        {
            lock (_lock)
            {
                return _graphQLCalls.ToList();
            }
        }
    }

    public int GraphQLCallCount
    {
        get
        {
            lock (_lock)
            {
                return _graphQLCalls.Count;
            }
        }
    }

    /// <summary>GraphQL points taken from the callers' budgets, all tokens together.</summary>
    public int GraphQLPointsCharged
    {
        get
        {
            lock (_lock)
            {
                return _graphQLCalls.Where(c => c.Charged).Sum(c => c.Cost);
            }
        }
    }

    /// <summary>Requests whose path is <paramref name="path"/> (case-insensitive, query ignored).</summary>
    public IReadOnlyList<FakeGitHubRequest> To(string path)
    {
        lock (_lock)
        {
            return _requests.Where(r => string.Equals(r.Path, path, StringComparison.OrdinalIgnoreCase)).ToList();
        }
    }

    /// <summary>Forgets what was logged (arrival numbers keep counting).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _requests.Clear();
            _graphQLCalls.Clear();
        }
    }

    internal int NextSequence() => Interlocked.Increment(ref _received);

    internal void Add(FakeGitHubRequest request)
    {
        lock (_lock)
        {
            var at = _requests.FindLastIndex(r => r.Sequence < request.Sequence) + 1;
            _requests.Insert(at, request);
        }
    }

    internal void Add(FakeGraphQLCall call)
    {
        lock (_lock)
        {
            _graphQLCalls.Add(call);
        }
    }

    private int Count(Func<FakeGitHubRequest, bool> predicate)
    {
        lock (_lock)
        {
            return _requests.Count(predicate);
        }
    }
}

/// <summary>One GraphQL call as the fake's GraphQL endpoint answered it.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="Cost">Its cost in points by GitHub's rule (0 when it never got that far: bad JSON, syntax, validation).</param>
/// <param name="Charged">Whether <paramref name="Cost"/> was taken from the budget (not for dry runs, refusals or failures before it).</param>
/// <param name="Logins">The logins its <c>user</c> fields asked for, in document order.</param>
public sealed record FakeGraphQLCall(FakeGraphQLCallStatus Status, int Cost, bool Charged, IReadOnlyList<string> Logins);

public enum FakeGraphQLCallStatus
{
    /// <summary>Executed; <c>data</c> may still carry nulls and errors (unknown logins, per-user faults).</summary>
    Answered,

    /// <summary>400 Problems parsing JSON.</summary>
    BadRequest,

    /// <summary>Refused before execution: syntax, validation, pagination or node limit; 200 with only <c>errors</c>.</summary>
    Invalid,

    /// <summary>The budget could not pay for it: 200 RATE_LIMIT.</summary>
    RateLimited,

    /// <summary><see cref="FakeGitHubFaults.FailNextGraphQL"/>: 200 with <c>"data": null</c>.</summary>
    Failed,

    /// <summary><c>rateLimit(dryRun: true)</c>: costed, neither executed nor charged.</summary>
    DryRun,
}
