using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace GistCloud.Core.GitHub;

/// <summary>
/// One process-wide pace for GitHub requests (<c>GitHub:MaxRequestsPerMinute</c>): GitHub's secondary limits allow
/// about 900 REST points a minute and advise against bursts, so requests wait their turn instead of earning a
/// 403 with <c>retry-after</c>. Zero turns pacing off.
/// </summary>
/// <remarks>
/// A token bucket refilled every second with a second's share, and never holding more (bursts stay one second deep);
/// waiting requests are served oldest first, without limit. The refill is a timer of the injected
/// <see cref="TimeProvider"/> (<see cref="ClockedTokenBucket"/>), so the pace follows the same clock as everything else
/// (a test's fake clock decides when the next second's requests may go).
/// </remarks>
public sealed class GitHubRequestPacer : IDisposable
{
    private static readonly TimeSpan ReplenishmentPeriod = TimeSpan.FromSeconds(1);

    private readonly ClockedTokenBucket? _bucket;

    /// <summary>The DI key of the GraphQL pacer (<c>GitHub:MaxGraphQLRequestsPerMinute</c>): GitHub limits GraphQL apart from REST.</summary>
    public const string GraphQLKey = "graphql";

    /// <summary>The REST pacer (<c>GitHub:MaxRequestsPerMinute</c>).</summary>
    public GitHubRequestPacer(IOptions<GitHubOptions> options, TimeProvider time)
        : this(options?.Value.MaxRequestsPerMinute ?? throw new ArgumentNullException(nameof(options)), time)
    {
    }

    public GitHubRequestPacer(int perMinute, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _bucket = perMinute <= 0 ? null : new ClockedTokenBucket(PerSecond(perMinute), ReplenishmentPeriod, time);
    }

    /// <summary>The shared limiter, or null when pacing is off.</summary>
    public RateLimiter? Limiter => _bucket;

    public void Dispose() => _bucket?.Dispose();

    private static int PerSecond(int perMinute) => Math.Max(1, (int)Math.Ceiling(perMinute / 60.0));
}
