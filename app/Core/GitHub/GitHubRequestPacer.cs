using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace GistCloud.Core.GitHub;

/// <summary>
/// One process-wide pace for GitHub requests (<c>GitHub:MaxRequestsPerMinute</c>): GitHub's secondary limits allow
/// about 900 REST points a minute and advise against bursts, so requests wait their turn instead of earning a
/// 403 with <c>retry-after</c>. Zero turns pacing off.
/// </summary>
public sealed class GitHubRequestPacer : IDisposable
{
    public GitHubRequestPacer(IOptions<GitHubOptions> options)
    {
        var perMinute = options.Value.MaxRequestsPerMinute;
        Limiter = perMinute <= 0
            ? null
            : new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                // Refilled every second with a second's share, and never holding more: bursts stay one second deep.
                TokensPerPeriod = PerSecond(perMinute),
                TokenLimit = PerSecond(perMinute),
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = int.MaxValue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            });
    }

    /// <summary>The shared limiter, or null when pacing is off.</summary>
    public RateLimiter? Limiter { get; }

    public void Dispose() => Limiter?.Dispose();

    private static int PerSecond(int perMinute) => Math.Max(1, (int)Math.Ceiling(perMinute / 60.0));
}
