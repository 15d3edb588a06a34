namespace GistCloud.Fakes.Pipedrive;

/// <summary>
/// Pipedrive's burst limit: so many requests per token in 2-second windows. Every answer reports it in
/// <c>x-ratelimit-limit/remaining/reset</c> (reset in seconds until the window ends); past it, 429.
/// </summary>
public sealed class FakePipedriveBurstLimit(TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(2);

    private readonly Lock _lock = new();
    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
    private int _used;
    private int _limit = 80;

    /// <summary>Requests allowed per window (Pipedrive's depend on the plan); 80 unless set.</summary>
    public int Limit
    {
        get
        {
            lock (_lock)
            {
                return _limit;
            }
        }

        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            lock (_lock)
            {
                _limit = value;
            }
        }
    }

    /// <summary>Counts one request; the state after it, and whether it went over the limit.</summary>
    internal FakeBurstState Record()
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (now >= _windowStart + Window)
            {
                (_windowStart, _used) = (now, 0);
            }

            _used++;
            var reset = (int)Math.Max(1, Math.Ceiling((_windowStart + Window - now).TotalSeconds));
            return new FakeBurstState(_limit, Math.Max(0, _limit - _used), reset, _used > _limit);
        }
    }

    /// <summary>Seconds until the current window ends (at least 1): what a 429 reports in <c>x-ratelimit-reset</c>.</summary>
    internal int SecondsToReset()
    {
        lock (_lock)
        {
            return (int)Math.Max(1, Math.Ceiling((_windowStart + Window - time.GetUtcNow()).TotalSeconds));
        }
    }
}

internal sealed record FakeBurstState(int Limit, int Remaining, int ResetSeconds, bool Exceeded);
