namespace GistCloud.Fakes.GitHub;

/// <summary>One request as the fake received and answered it.</summary>
/// <param name="Sequence">Arrival order, from 1 (the log is in this order even when a slow answer finishes last).</param>
/// <param name="Path">The path alone, e.g. <c>/users/octocat/gists</c>.</param>
/// <param name="PathAndQuery">Path and raw query as sent, e.g. <c>/users/octocat/gists?per_page=100&amp;page=2</c>.</param>
/// <param name="Query">The decoded query parameters.</param>
/// <param name="Headers">Request headers (case-insensitive names).</param>
/// <param name="StatusCode">What the fake answered; 499 when the client went away first (e.g. its timeout).</param>
/// <param name="CountedAgainstRateLimit">Whether the answer cost one unit of the caller's primary rate limit.</param>
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

    private int Count(Func<FakeGitHubRequest, bool> predicate)
    {
        lock (_lock)
        {
            return _requests.Count(predicate);
        }
    }
}
