using Microsoft.Extensions.Time.Testing;

namespace GistCloud.IntegrationTests.Infrastructure;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also knows which of its timers are pending and how far each is from firing,
/// so a test can wait until the code under test is blocked on the clock (a retry delay, an attempt timeout, a request
/// held by a fake server) and then move time exactly that far. Time only moves when the test says so: no timeout
/// fires because the machine is slow, and nothing waits on the wall clock.
/// </summary>
/// <remarks>
/// It starts at the real now (not FakeTimeProvider's 2000-01-01): DynamoDB Local's TTL sweeper deletes items dated in
/// the past. The only real-time waits here are bounded polls for real events (a request reaching a fake server, a
/// timer being created), capped by <see cref="SafetyCap"/> so a broken test fails instead of hanging.
/// </remarks>
public sealed class TestClock : FakeTimeProvider
{
    /// <summary>How long a wait for a real event may take before the test fails.</summary>
    public static readonly TimeSpan SafetyCap = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private readonly List<TrackedTimer> _timers = [];

    public TestClock()
        : base(DateTimeOffset.UtcNow)
    {
        Started = GetUtcNow();
    }

    /// <summary>The fake time the clock started at.</summary>
    public DateTimeOffset Started { get; }

    /// <summary>How far the test has moved the clock.</summary>
    public TimeSpan Elapsed => GetUtcNow() - Started;

    /// <summary>
    /// How long until each pending one-shot timer fires, soonest first: waits, delays and timeouts. Periodic timers
    /// (the GitHub pacer's refill, lease renewals) tick forever, so they are left out: a test moves past them knowingly.
    /// </summary>
    public IReadOnlyList<TimeSpan> Pending
    {
        get
        {
            var now = GetUtcNow();
            lock (_gate)
            {
                return [.. _timers.Where(t => t.DueAt is not null && !t.Periodic).Select(t => t.DueAt!.Value - now).Order()];
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var tracked = new TrackedTimer(this);
        lock (_gate)
        {
            _timers.Add(tracked);
        }

        tracked.Set(dueTime, period);
        tracked.Inner = base.CreateTimer(
            s =>
            {
                tracked.Fired();
                callback(s);
            },
            state,
            dueTime,
            period);
        return tracked;
    }

    /// <summary>Waits (real time, bounded) until a pending timer is exactly <paramref name="remaining"/> from firing.</summary>
    public Task WaitForTimerAsync(TimeSpan remaining, int count = 1) =>
        WaitForTimersAsync(t => t == remaining, count, $"{count} timer(s) due in {remaining}");

    /// <summary>Waits (real time, bounded) until <paramref name="count"/> pending timers match; returns the soonest match.</summary>
    public async Task<TimeSpan> WaitForTimersAsync(Func<TimeSpan, bool> match, int count, string what)
    {
        var deadline = DateTime.UtcNow + SafetyCap;
        while (true)
        {
            var matching = Pending.Where(match).ToList();
            if (matching.Count >= count)
            {
                return matching[0];
            }

            Assert.True(DateTime.UtcNow < deadline, $"No {what} within {SafetyCap.TotalSeconds} s; pending: [{string.Join(", ", Pending)}]");
            await Task.Delay(5);
        }
    }

    /// <summary>
    /// Until <paramref name="done"/>, moves the clock to the soonest pending timer each time one is at most
    /// <paramref name="maxStep"/> away (retry delays, backoffs); a longer one (a timeout, a lease renewal) fires only
    /// once the small steps have added up to it.
    /// Between steps it waits for real work (requests, storage) with the safety cap.
    /// </summary>
    public async Task AdvanceUntilAsync(Func<bool> done, TimeSpan maxStep)
    {
        var deadline = DateTime.UtcNow + SafetyCap;
        while (!done())
        {
            var soonest = Pending.FirstOrDefault(t => t <= maxStep, TimeSpan.MinValue);
            if (soonest != TimeSpan.MinValue)
            {
                Advance(soonest < TimeSpan.Zero ? TimeSpan.Zero : soonest);
                continue;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Not done within {SafetyCap.TotalSeconds} s; pending: [{string.Join(", ", Pending)}]");
            await Task.Delay(5);
        }
    }

    /// <summary>Like <see cref="AdvanceUntilAsync(Func{bool}, TimeSpan)"/>, until <paramref name="task"/> ends; returns its result.</summary>
    public async Task<T> AdvanceUntilAsync<T>(Task<T> task, TimeSpan maxStep)
    {
        ArgumentNullException.ThrowIfNull(task);
        await AdvanceUntilAsync(() => task.IsCompleted, maxStep);
        return await task;
    }

    /// <summary>Waits (real time, bounded) for a real event, such as a request a fake server logs.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + SafetyCap;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what}: not within {SafetyCap.TotalSeconds} s");
            await Task.Delay(5);
        }
    }

    /// <inheritdoc cref="WaitUntilAsync(Func{bool}, string)"/>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + SafetyCap;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what}: not within {SafetyCap.TotalSeconds} s");
            await Task.Delay(5);
        }
    }

    /// <summary>A timer of the fake clock, with when it fires next (null when it will not).</summary>
    private sealed class TrackedTimer(TestClock clock) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public ITimer? Inner { get; set; }

        public DateTimeOffset? DueAt { get; private set; }

        public bool Periodic => _period != Timeout.InfiniteTimeSpan && _period != TimeSpan.Zero;

        public void Set(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._gate)
            {
                _period = period;
                DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : clock.GetUtcNow() + dueTime;
            }
        }

        public void Fired()
        {
            lock (clock._gate)
            {
                DueAt = !Periodic || DueAt is null ? null : DueAt + _period;
            }
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Set(dueTime, period);
            return Inner!.Change(dueTime, period);
        }

        public void Dispose()
        {
            Forget();
            Inner?.Dispose();
        }

        public async ValueTask DisposeAsync()
        {
            Forget();
            if (Inner is not null)
            {
                await Inner.DisposeAsync();
            }
        }

        private void Forget()
        {
            lock (clock._gate)
            {
                DueAt = null;
                clock._timers.Remove(this);
            }
        }
    }
}
