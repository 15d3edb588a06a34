using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace GistCloud.Core.GitHub;

/// <summary>
/// One process-wide pace for GitHub requests (<c>GitHub:MaxRequestsPerMinute</c>): GitHub's secondary limits allow
/// about 900 REST points a minute and advise against bursts, so requests wait their turn instead of earning a
/// 403 with <c>retry-after</c>. Zero turns pacing off.
/// </summary>
/// <remarks>
/// The bucket is refilled by a timer of the injected <see cref="TimeProvider"/> rather than the limiter's own
/// real-time timer (<c>AutoReplenishment</c>), so the pace follows the same clock as everything else: a test's
/// fake clock decides when the next second's requests may go.
/// </remarks>
public sealed class GitHubRequestPacer : IDisposable
{
    private static readonly TimeSpan ReplenishmentPeriod = TimeSpan.FromSeconds(1);

    private readonly TokenBucketRateLimiter? _limiter;
    private readonly ITimer? _refill;

    public GitHubRequestPacer(IOptions<GitHubOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var perMinute = options.Value.MaxRequestsPerMinute;
        if (perMinute <= 0)
        {
            return;
        }

        var limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            // Refilled every second with a second's share, and never holding more: bursts stay one second deep.
            TokensPerPeriod = PerSecond(perMinute),
            TokenLimit = PerSecond(perMinute),
            ReplenishmentPeriod = ReplenishmentPeriod,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = false,
        });
        _limiter = limiter;
        _refill = time.CreateTimer(static state => ((TokenBucketRateLimiter)state!).TryReplenish(), limiter, ReplenishmentPeriod, ReplenishmentPeriod);
    }

    /// <summary>The shared limiter, or null when pacing is off.</summary>
    public RateLimiter? Limiter => _limiter;

    public void Dispose()
    {
        _refill?.Dispose();
        _limiter?.Dispose();
    }

    private static int PerSecond(int perMinute) => Math.Max(1, (int)Math.Ceiling(perMinute / 60.0));
}
