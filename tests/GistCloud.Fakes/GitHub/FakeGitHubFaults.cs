namespace GistCloud.Fakes.GitHub;

/// <summary>
/// Faults for the next requests to a target: "*" (any request), a path ("/users/octocat/gists", exact,
/// query ignored), or a login ("octocat": its profile and its gists). Each rule serves <c>count</c> requests.
/// "/graphql" names the GraphQL endpoint in either layout (also "/api/graphql"); a login never matches it:
/// <see cref="FailGraphQLUser"/> fails one user inside a GraphQL batch.
/// </summary>
public sealed class FakeGitHubFaults
{
    private readonly Lock _lock = new();
    private readonly List<Rule> _rules = [];
    private readonly Dictionary<string, int> _graphQLUserFailures = new(StringComparer.OrdinalIgnoreCase);
    private int _graphQLFailures;
    private int? _graphQLRefusal;

    /// <summary>The next <paramref name="count"/> requests answer <paramref name="statusCode"/> (5xx: GitHub having a bad day).</summary>
    public void FailNext(string target, int count = 1, int statusCode = 502) =>
        Add(new Rule(target, FaultKind.Fail, count, statusCode, TimeSpan.Zero));

    /// <summary>The next <paramref name="count"/> requests wait <paramref name="delay"/> before being answered (client timeouts).</summary>
    public void DelayNext(string target, TimeSpan delay, int count = 1) =>
        Add(new Rule(target, FaultKind.Delay, count, 200, delay));

    /// <summary>The next <paramref name="count"/> requests hit a secondary rate limit: 403 or 429 with <c>retry-after</c>.</summary>
    public void RespondRetryAfter(string target, TimeSpan retryAfter, int count = 1, int statusCode = 403)
    {
        if (statusCode is not (403 or 429))
        {
            throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "GitHub's secondary limits answer 403 or 429.");
        }

        Add(new Rule(target, FaultKind.RetryAfter, count, statusCode, retryAfter));
    }

    /// <summary>
    /// The next request waits until the returned action is called (or the client gives up): a test holds a call in
    /// flight for exactly as long as it needs, on no clock at all.
    /// </summary>
    public Action HoldNext(string target)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Add(new Rule(target, FaultKind.Hold, 1, 200, TimeSpan.Zero) { Release = release.Task });
        return () => release.TrySetResult();
    }

    /// <summary>
    /// The next <paramref name="count"/> times <paramref name="login"/> is asked for in a GraphQL query, its
    /// <c>user</c> field resolves to null with an INTERNAL error while the rest of the batch answers.
    /// </summary>
    public void FailGraphQLUser(string login, int count = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(login);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        lock (_lock)
        {
            _graphQLUserFailures[login] = _graphQLUserFailures.GetValueOrDefault(login) + count;
        }
    }

    /// <summary>The next <paramref name="count"/> GraphQL calls answer 200 with <c>"data": null</c> and GitHub's "Something went wrong".</summary>
    public void FailNextGraphQL(int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        lock (_lock)
        {
            _graphQLFailures += count;
        }
    }

    /// <summary>
    /// Every GraphQL call answers <paramref name="statusCode"/> (403 or 404) until <see cref="AllowGraphQL"/> or
    /// <see cref="Clear"/>: a GitHub Enterprise Server whose GraphQL API is off or behind a proxy that blocks it.
    /// </summary>
    public void RefuseGraphQL(int statusCode = 403)
    {
        if (statusCode is not (403 or 404))
        {
            throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "The refusal is 403 or 404.");
        }

        lock (_lock)
        {
            _graphQLRefusal = statusCode;
        }
    }

    public void AllowGraphQL()
    {
        lock (_lock)
        {
            _graphQLRefusal = null;
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _rules.Clear();
            _graphQLUserFailures.Clear();
            _graphQLFailures = 0;
            _graphQLRefusal = null;
        }
    }

    internal int? GraphQLRefusal
    {
        get
        {
            lock (_lock)
            {
                return _graphQLRefusal;
            }
        }
    }

    internal bool TakeGraphQLFailure()
    {
        lock (_lock)
        {
            if (_graphQLFailures == 0)
            {
                return false;
            }

            _graphQLFailures--;
            return true;
        }
    }

    internal bool TakeGraphQLUserFailure(string login)
    {
        lock (_lock)
        {
            if (!_graphQLUserFailures.TryGetValue(login, out var left))
            {
                return false;
            }

            if (left == 1)
            {
                _graphQLUserFailures.Remove(login);
            }
            else
            {
                _graphQLUserFailures[login] = left - 1;
            }

            return true;
        }
    }

    internal Task? TakeHold(string path) => Take(path, FaultKind.Hold)?.Release;

    internal TimeSpan? TakeDelay(string path) => Take(path, FaultKind.Delay)?.Delay;

    internal FakeGitHubFault? TakeFailure(string path) =>
        Take(path, FaultKind.Fail) is { } fail ? new FakeGitHubFault(fail.StatusCode, null)
        : Take(path, FaultKind.RetryAfter) is { } limit ? new FakeGitHubFault(limit.StatusCode, limit.Delay)
        : null;

    /// <summary>The path faults see for the GraphQL endpoint, whichever layout serves it.</summary>
    internal const string GraphQLPath = "/graphql";

    internal static bool Matches(string target, string path)
    {
        var trimmed = path.TrimEnd('/');
        if (target == "*")
        {
            return true;
        }

        if (target.StartsWith('/'))
        {
            return string.Equals(target.TrimEnd('/'), trimmed, StringComparison.OrdinalIgnoreCase);
        }

        var userPath = "/users/" + target;
        return string.Equals(trimmed, userPath, StringComparison.OrdinalIgnoreCase)
            || trimmed.StartsWith(userPath + "/", StringComparison.OrdinalIgnoreCase);
    }

    private void Add(Rule rule)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rule.Target);
        ArgumentOutOfRangeException.ThrowIfLessThan(rule.Remaining, 1);
        if (string.Equals(rule.Target.TrimEnd('/'), "/api/graphql", StringComparison.OrdinalIgnoreCase))
        {
            rule = rule.For(GraphQLPath); // the gate names the GraphQL endpoint "/graphql" in both layouts
        }

        lock (_lock)
        {
            _rules.Add(rule);
        }
    }

    private Rule? Take(string path, FaultKind kind)
    {
        lock (_lock)
        {
            var rule = _rules.FirstOrDefault(r => r.Kind == kind && Matches(r.Target, path));
            if (rule is null)
            {
                return null;
            }

            rule.Remaining--;
            if (rule.Remaining == 0)
            {
                _rules.Remove(rule);
            }

            return rule;
        }
    }

    private enum FaultKind
    {
        Fail,
        Delay,
        RetryAfter,
        Hold,
    }

    private sealed class Rule(string target, FaultKind kind, int remaining, int statusCode, TimeSpan delay)
    {
        public string Target { get; } = target;

        public FaultKind Kind { get; } = kind;

        public int Remaining { get; set; } = remaining;

        public int StatusCode { get; } = statusCode;

        public TimeSpan Delay { get; } = delay;

        public Task? Release { get; init; }

        public Rule For(string target) => new(target, Kind, Remaining, StatusCode, Delay) { Release = Release };
    }
}

/// <summary>A failure to answer instead of the real one; <see cref="RetryAfter"/> is set for secondary rate limits.</summary>
internal sealed record FakeGitHubFault(int StatusCode, TimeSpan? RetryAfter);
