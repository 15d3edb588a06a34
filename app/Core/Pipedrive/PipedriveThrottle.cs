using System.Globalization;
using System.Net;

namespace GistCloud.Core.Pipedrive;

/// <summary>How long Pipedrive asks us to wait after a 429: <c>Retry-After</c>, else <c>x-ratelimit-reset</c>, else unknown.</summary>
internal static class PipedriveThrottle
{
    /// <summary>The wait the answer asks for, or null when it is not a 429 or names no time (then backoff applies).</summary>
    public static TimeSpan? WaitFor(HttpResponseMessage response, DateTimeOffset now)
    {
        if (response.StatusCode != HttpStatusCode.TooManyRequests)
        {
            return null;
        }

        if (response.Headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                return delta;
            }

            if (retryAfter.Date is { } date)
            {
                return date > now ? date - now : TimeSpan.Zero;
            }
        }

        // Pipedrive's burst window: seconds until it resets (not a Unix time, unlike GitHub's header of the same name).
        return response.Headers.TryGetValues("x-ratelimit-reset", out var values)
            && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                ? TimeSpan.FromSeconds(seconds)
                : null;
    }
}
