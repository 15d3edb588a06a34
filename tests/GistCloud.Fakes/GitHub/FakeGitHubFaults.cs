namespace GistCloud.Fakes.GitHub;

/// <summary>
/// Faults for the next requests to a target: "*" (any request), a path ("/users/octocat/gists", exact,
/// query ignored), or a login ("octocat": its profile and its gists). Each rule serves <c>count</c> requests.
/// </summary>
public sealed class FakeGitHubFaults
{
    private readonly Lock _lock = new();
    private readonly List<Rule> _rules = [];

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

    public void Clear()
    {
        lock (_lock)
        {
            _rules.Clear();
        }
    }

    internal Task? TakeHold(string path) => Take(path, FaultKind.Hold)?.Release;

    internal TimeSpan? TakeDelay(string path) => Take(path, FaultKind.Delay)?.Delay;

    internal FakeGitHubFault? TakeFailure(string path) =>
        Take(path, FaultKind.Fail) is { } fail ? new FakeGitHubFault(fail.StatusCode, null)
        : Take(path, FaultKind.RetryAfter) is { } limit ? new FakeGitHubFault(limit.StatusCode, limit.Delay)
        : null;

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
    }
}

/// <summary>A failure to answer instead of the real one; <see cref="RetryAfter"/> is set for secondary rate limits.</summary>
internal sealed record FakeGitHubFault(int StatusCode, TimeSpan? RetryAfter);
