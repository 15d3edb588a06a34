using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;
using GistCloud.Api.Errors;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace GistCloud.Api.Visits;

/// <summary>Configuration section <c>Visits</c>: how fast one client may record visits.</summary>
public sealed class VisitRateLimitOptions
{
    public const string SectionName = "Visits";

    /// <summary>
    /// Visits one client (IP address) may record back to back. A person opens a user page at a time: 30 covers a burst
    /// of clicking through users, and a few people behind one shared address.
    /// </summary>
    [Range(1, 100_000, ErrorMessage = "Visits:RateLimitBurst must be between 1 and 100000.")]
    public int RateLimitBurst { get; set; } = 30;

    /// <summary>One more visit is allowed per this period, up to the burst: one a second is faster than anyone reads a page.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00", ErrorMessage = "Visits:RateLimitRefillPeriod must be between 1 ms and 1 hour.")]
    public TimeSpan RateLimitRefillPeriod { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// Visits and seen marks are rate-limited per client IP address (one token bucket for both), since each is a write that needs no
/// key. Rejections are 429 problems with <c>Retry-After</c>.
/// </summary>
internal static class VisitRateLimit
{
    public const string PolicyName = "visits";

    public static IServiceCollection AddVisitRateLimit(this IServiceCollection services)
    {
        services.AddOptions<VisitRateLimitOptions>()
            .BindConfiguration(VisitRateLimitOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(PolicyName, context =>
            {
                var options = context.RequestServices.GetRequiredService<IOptions<VisitRateLimitOptions>>().Value;
                return RateLimitPartition.GetTokenBucketLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = options.RateLimitBurst,
                        TokensPerPeriod = 1,
                        ReplenishmentPeriod = options.RateLimitRefillPeriod,
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    });
            });
            limiter.OnRejected = RejectAsync;
        });
        return services;
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken) =>
        await RetryLaterProblem.TryWriteAsync(
            rejected.HttpContext,
            rejected.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>(),
            StatusCodes.Status429TooManyRequests,
            "Too many requests.",
            seconds => $"Too many visits or seen marks recorded from this address; try again in {seconds} s.",
            rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1));
}
