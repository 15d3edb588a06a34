namespace GistCloud.Fakes.Pipedrive;

/// <summary>
/// Faults for the next requests, optionally only those whose path starts with <c>pathPrefix</c>
/// (e.g. <c>/api/v1/notes</c>). Each rule serves <c>count</c> requests, in the order the rules were added.
/// </summary>
public sealed class FakePipedriveFaults
{
    private readonly Lock _lock = new();
    private readonly List<Rule> _rules = [];

    /// <summary>
    /// The next <paramref name="count"/> requests answer 429, with <c>Retry-After</c> when <paramref name="retryAfter"/>
    /// is given and with the burst headers (<c>x-ratelimit-remaining: 0</c>, <c>x-ratelimit-reset</c>) only when
    /// <paramref name="withRateLimitReset"/>: without either the client has nothing but backoff to go on.
    /// </summary>
    public void RespondTooManyRequests(int count = 1, TimeSpan? retryAfter = null, bool withRateLimitReset = false, string? pathPrefix = null) =>
        Add(new Rule(FaultKind.TooManyRequests, count, 429, retryAfter, withRateLimitReset, pathPrefix));

    /// <summary>The next <paramref name="count"/> requests answer <paramref name="statusCode"/> without doing anything.</summary>
    public void FailNext(int count = 1, int statusCode = 500, string? pathPrefix = null) =>
        Add(new Rule(FaultKind.Fail, count, statusCode, null, false, pathPrefix));

    /// <summary>
    /// The next <paramref name="count"/> successful creations store the item and THEN answer 500: an outcome the client
    /// cannot see (a crash or a lost answer after Pipedrive acted).
    /// </summary>
    public void FailAfterCreate(int count = 1, string? pathPrefix = null) =>
        Add(new Rule(FaultKind.FailAfterCreate, count, 500, null, false, pathPrefix));

    /// <summary>
    /// The next <paramref name="count"/> requests wait <paramref name="delay"/> before being handled (client timeouts);
    /// with no count, every request from now on (latency for benchmarks).
    /// </summary>
    public void Delay(TimeSpan delay, int? count = null, string? pathPrefix = null) =>
        Add(new Rule(FaultKind.Delay, count ?? int.MaxValue, 200, delay, false, pathPrefix));

    /// <summary>
    /// Called after a creation is stored and before it is answered, with the request path: a test can stop the
    /// client right there (cancel its run) to act out a crash between "created in Pipedrive" and "marked published".
    /// </summary>
    public Func<string, Task>? AfterCreate { get; set; }

    public void Clear()
    {
        lock (_lock)
        {
            _rules.Clear();
        }
    }

    internal TimeSpan? TakeDelay(string path) => Take(path, FaultKind.Delay)?.Wait;

    /// <summary>A 429 or failure rule to answer with instead of handling the request, or null.</summary>
    internal FakePipedriveFault? TakeRefusal(string path)
    {
        lock (_lock)
        {
            var rule = _rules.FirstOrDefault(r => r.Kind is FaultKind.TooManyRequests or FaultKind.Fail && r.Matches(path));
            return rule is null ? null : Use(rule).ToFault();
        }
    }

    internal bool TakeFailAfterCreate(string path) => Take(path, FaultKind.FailAfterCreate) is not null;

    private void Add(Rule rule)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rule.Remaining, 1);
        lock (_lock)
        {
            _rules.Add(rule);
        }
    }

    private Rule? Take(string path, FaultKind kind)
    {
        lock (_lock)
        {
            var rule = _rules.FirstOrDefault(r => r.Kind == kind && r.Matches(path));
            return rule is null ? null : Use(rule);
        }
    }

    private Rule Use(Rule rule)
    {
        if (--rule.Remaining == 0)
        {
            _rules.Remove(rule);
        }

        return rule;
    }

    private enum FaultKind
    {
        TooManyRequests,
        Fail,
        FailAfterCreate,
        Delay,
    }

    private sealed class Rule(FaultKind kind, int remaining, int statusCode, TimeSpan? wait, bool withRateLimitReset, string? pathPrefix)
    {
        public FaultKind Kind { get; } = kind;

        public int Remaining { get; set; } = remaining;

        public TimeSpan? Wait { get; } = wait;

        public bool Matches(string path) => pathPrefix is null || path.StartsWith(pathPrefix, StringComparison.OrdinalIgnoreCase);

        public FakePipedriveFault ToFault() => new(statusCode, Kind == FaultKind.TooManyRequests ? Wait : null, withRateLimitReset);
    }
}

/// <summary>An answer to give instead of the real one.</summary>
internal sealed record FakePipedriveFault(int StatusCode, TimeSpan? RetryAfter, bool WithRateLimitReset);
