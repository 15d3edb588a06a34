using System.Threading.RateLimiting;

namespace GistCloud.Core.GitHub;

/// <summary>A token bucket on an injected clock: <c>perPeriod</c> turns each period, at most <c>perPeriod</c> banked, an unbounded FIFO queue.</summary>
/// <remarks>
/// Written here because <see cref="TokenBucketRateLimiter"/> cannot follow an injected clock: even with
/// <c>AutoReplenishment = false</c> and <c>TryReplenish()</c>, it refills only as much as the real clock says has
/// elapsed (checked on .NET 10), so a test's fake clock could never release a waiting request.
/// </remarks>
internal sealed class ClockedTokenBucket : RateLimiter
{
    private static readonly RateLimitLease Granted = new Lease(true);
    private static readonly RateLimitLease Refused = new Lease(false);

    private readonly Lock _gate = new();
    private readonly LinkedList<Waiter> _queue = [];
    private readonly int _limit;
    private readonly ITimer _refill;
    private int _tokens;
    private int _queued;
    private long _granted;
    private long _refused;
    private bool _disposed;

    public ClockedTokenBucket(int perPeriod, TimeSpan period, TimeProvider time)
    {
        _limit = perPeriod;
        _tokens = perPeriod;
        _refill = time.CreateTimer(static state => ((ClockedTokenBucket)state!).Refill(), this, period, period);
    }

    public override TimeSpan? IdleDuration => null;

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_gate)
        {
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = _tokens,
                CurrentQueuedCount = _queued,
                TotalSuccessfulLeases = _granted,
                TotalFailedLeases = _refused,
            };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        Check(permitCount);
        lock (_gate)
        {
            return TakeNow(permitCount) ? Granted : Count(Refused);
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Check(permitCount);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_disposed)
            {
                return ValueTask.FromResult(Count(Refused));
            }

            if (TakeNow(permitCount))
            {
                return ValueTask.FromResult(Granted);
            }

            var waiter = new Waiter(permitCount);
            var node = _queue.AddLast(waiter);
            _queued += permitCount;
            waiter.Registration = cancellationToken.Register(() => Cancel(node, cancellationToken));
            return new ValueTask<RateLimitLease>(waiter.Turn.Task);
        }
    }

    protected override void Dispose(bool disposing)
    {
        List<Waiter> left;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            left = [.. _queue];
            _queue.Clear();
            _queued = 0;
        }

        _refill.Dispose();
        foreach (var waiter in left)
        {
            waiter.Registration.Dispose();
            waiter.Turn.TrySetResult(Refused);
        }

        base.Dispose(disposing);
    }

    private void Check(int permitCount) => ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, _limit);

    private RateLimitLease Count(RateLimitLease lease)
    {
        if (lease.IsAcquired)
        {
            _granted++;
        }
        else
        {
            _refused++;
        }

        return lease;
    }

    // Callers hold _gate. Waiting requests keep their place: a newcomer never overtakes the queue.
    private bool TakeNow(int permitCount)
    {
        if (_queue.Count > 0 || _tokens < permitCount)
        {
            return false;
        }

        _tokens -= permitCount;
        Count(Granted);
        return true;
    }

    private void Refill()
    {
        var served = new List<Waiter>();
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _tokens = _limit;
            while (_queue.First is { } first && first.Value.Permits <= _tokens)
            {
                _queue.RemoveFirst();
                _tokens -= first.Value.Permits;
                _queued -= first.Value.Permits;
                Count(Granted);
                served.Add(first.Value);
            }
        }

        foreach (var waiter in served)
        {
            waiter.Registration.Dispose();
            waiter.Turn.TrySetResult(Granted);
        }
    }

    private void Cancel(LinkedListNode<Waiter> node, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (node.List is null)
            {
                return; // already served
            }

            _queue.Remove(node);
            _queued -= node.Value.Permits;
        }

        node.Value.Turn.TrySetCanceled(cancellationToken);
    }

    private sealed class Waiter(int permits)
    {
        public int Permits { get; } = permits;

        public TaskCompletionSource<RateLimitLease> Turn { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationTokenRegistration Registration { get; set; }
    }

    private sealed class Lease(bool acquired) : RateLimitLease
    {
        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
