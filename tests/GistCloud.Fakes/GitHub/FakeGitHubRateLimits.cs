namespace GistCloud.Fakes.GitHub;

/// <summary>
/// GitHub's primary rate limit: 60 requests an hour for anonymous callers (one bucket: the fake serves
/// one machine, so every anonymous caller has the same IP) and 5,000 per token, in hour-long windows.
/// </summary>
public sealed class FakeGitHubRateLimits(TimeProvider time)
{
    public const int AnonymousLimit = 60;
    public const int AuthenticatedLimit = 5_000;
    private const string AnonymousKey = "anonymous";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    /// <summary>
    /// Sets what is left for <paramref name="token"/> (null: anonymous callers). At 0 every request is refused
    /// with <paramref name="exhaustedStatus"/> (GitHub uses 403 or 429) until <paramref name="resetAt"/>.
    /// </summary>
    public void SetRemaining(int remaining, string? token = null, int exhaustedStatus = 403, DateTimeOffset? resetAt = null)
    {
        if (exhaustedStatus is not (403 or 429))
        {
            throw new ArgumentOutOfRangeException(nameof(exhaustedStatus), exhaustedStatus, "GitHub answers 403 or 429.");
        }

        lock (_lock)
        {
            var bucket = Current(CallerFor(token));
            ArgumentOutOfRangeException.ThrowIfNegative(remaining);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(remaining, bucket.Limit);
            bucket.Used = bucket.Limit - remaining;
            bucket.ExhaustedStatus = exhaustedStatus;
            bucket.ResetAt = resetAt ?? bucket.ResetAt;
        }
    }

    /// <summary>What is left for <paramref name="token"/> (null: anonymous callers).</summary>
    public FakeRateLimit Peek(string? token = null)
    {
        lock (_lock)
        {
            return Current(CallerFor(token)).Snapshot();
        }
    }

    internal static FakeGitHubCaller CallerFor(string? token) =>
        token is null ? new FakeGitHubCaller(AnonymousKey, false) : new FakeGitHubCaller("token:" + token, true);

    internal FakeRateLimit Peek(FakeGitHubCaller caller)
    {
        lock (_lock)
        {
            return Current(caller).Snapshot();
        }
    }

    /// <summary>Records an answered request: it costs one unit when <paramref name="counted"/>.</summary>
    internal FakeRateLimit Record(FakeGitHubCaller caller, bool counted)
    {
        lock (_lock)
        {
            var bucket = Current(caller);
            if (counted && bucket.Used < bucket.Limit)
            {
                bucket.Used++;
            }

            return bucket.Snapshot();
        }
    }

    private Bucket Current(FakeGitHubCaller caller)
    {
        var now = time.GetUtcNow();
        if (!_buckets.TryGetValue(caller.Key, out var bucket))
        {
            bucket = new Bucket(caller.Authenticated ? AuthenticatedLimit : AnonymousLimit, NextReset(now));
            _buckets[caller.Key] = bucket;
        }
        else if (now >= bucket.ResetAt)
        {
            bucket.Used = 0;
            bucket.ResetAt = NextReset(now);
        }

        return bucket;
    }

    private static DateTimeOffset NextReset(DateTimeOffset now) =>
        DateTimeOffset.FromUnixTimeSeconds(now.AddHours(1).ToUnixTimeSeconds());

    private sealed class Bucket(int limit, DateTimeOffset resetAt)
    {
        public int Limit { get; } = limit;

        public int Used { get; set; }

        public DateTimeOffset ResetAt { get; set; } = resetAt;

        public int ExhaustedStatus { get; set; } = 403;

        public FakeRateLimit Snapshot() => new(Limit, Limit - Used, Used, ResetAt, ExhaustedStatus);
    }
}

/// <summary>A bucket's state as the <c>x-ratelimit-*</c> headers report it.</summary>
public readonly record struct FakeRateLimit(int Limit, int Remaining, int Used, DateTimeOffset ResetAt, int ExhaustedStatus)
{
    public bool IsExhausted => Remaining <= 0;
}

/// <summary>Who a request is counted against: a token, or the anonymous bucket.</summary>
internal readonly record struct FakeGitHubCaller(string Key, bool Authenticated);
