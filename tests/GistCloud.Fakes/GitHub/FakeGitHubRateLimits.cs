namespace GistCloud.Fakes.GitHub;

/// <summary>
/// GitHub's primary rate limit: 60 requests an hour for anonymous callers (one bucket: the fake serves
/// one machine, so every anonymous caller has the same IP) and 5,000 per token, in hour-long windows.
/// GraphQL has its own budget (resource "graphql"): 5,000 points an hour per token, charged by query cost.
/// </summary>
public sealed class FakeGitHubRateLimits(TimeProvider time)
{
    public const int AnonymousLimit = 60;
    public const int AuthenticatedLimit = 5_000;

    /// <summary>
    /// REST requests an hour per token for tokens first seen from now on: GitHub's 5,000 by default. Benchmarks raise it
    /// to seed 100,000 users in one first sync, which real GitHub would spread over many hours.
    /// </summary>
    public int AuthenticatedRestLimit { get; set; } = AuthenticatedLimit;
    public const int GraphQLLimit = 5_000;
    private const string AnonymousKey = "anonymous";
    private const string GraphQLPrefix = "graphql:";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private (int Used, DateTimeOffset ResetAt)? _graphQLEveryToken;

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

    /// <summary>
    /// Sets the GraphQL points left for <paramref name="token"/>, or for every token (those seen and those to come
    /// in this window) when null. A query costing more than what is left is refused until <paramref name="resetAt"/>.
    /// </summary>
    public void SetGraphQLRemaining(int remaining, string? token = null, DateTimeOffset? resetAt = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(remaining);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(remaining, GraphQLLimit);
        lock (_lock)
        {
            if (token is null)
            {
                _graphQLEveryToken = (GraphQLLimit - remaining, resetAt ?? NextReset(time.GetUtcNow()));
                foreach (var key in _buckets.Keys.Where(k => k.StartsWith(GraphQLPrefix, StringComparison.Ordinal)).ToList())
                {
                    Set(_buckets[key]);
                }

                return;
            }

            Set(GraphQLBucket(CallerFor(token)));
        }

        void Set(Bucket bucket)
        {
            bucket.Used = GraphQLLimit - remaining;
            bucket.ResetAt = resetAt ?? bucket.ResetAt;
        }
    }

    /// <summary>The GraphQL points left for <paramref name="token"/>.</summary>
    public FakeRateLimit PeekGraphQL(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        lock (_lock)
        {
            return GraphQLBucket(CallerFor(token)).Snapshot();
        }
    }

    internal FakeRateLimit PeekGraphQL(FakeGitHubCaller caller)
    {
        lock (_lock)
        {
            return GraphQLBucket(caller).Snapshot();
        }
    }

    /// <summary>Takes <paramref name="cost"/> points when that many are left; otherwise takes nothing and returns false.</summary>
    internal bool TryChargeGraphQL(FakeGitHubCaller caller, int cost, out FakeRateLimit after)
    {
        lock (_lock)
        {
            var bucket = GraphQLBucket(caller);
            var paid = bucket.Limit - bucket.Used >= cost;
            if (paid)
            {
                bucket.Used += cost;
            }

            after = bucket.Snapshot();
            return paid;
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
            bucket = new Bucket(caller.Authenticated ? AuthenticatedRestLimit : AnonymousLimit, NextReset(now));
            _buckets[caller.Key] = bucket;
        }
        else if (now >= bucket.ResetAt)
        {
            bucket.Used = 0;
            bucket.ResetAt = NextReset(now);
        }

        return bucket;
    }

    private Bucket GraphQLBucket(FakeGitHubCaller caller)
    {
        var key = GraphQLPrefix + caller.Key;
        var now = time.GetUtcNow();
        if (!_buckets.TryGetValue(key, out var bucket))
        {
            bucket = new Bucket(GraphQLLimit, NextReset(now));
            if (_graphQLEveryToken is { } everyToken && now < everyToken.ResetAt)
            {
                bucket.Used = everyToken.Used;
                bucket.ResetAt = everyToken.ResetAt;
            }

            _buckets[key] = bucket;
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
