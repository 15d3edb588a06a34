using System.Globalization;

namespace GistCloud.Api.Errors;

/// <summary>
/// A problem that asks the client to come back later (429, 503): <c>Retry-After</c> in whole seconds, at least one,
/// and the same number in the detail, written by the problem details service like every other problem.
/// </summary>
internal static class RetryLaterProblem
{
    /// <summary>Writes the problem; <paramref name="detail"/> gets the seconds to wait. Returns whether it was written.</summary>
    public static ValueTask<bool> TryWriteAsync(
        HttpContext context, IProblemDetailsService problems, int status, string title, Func<int, string> detail, TimeSpan retryAfter)
    {
        var seconds = (int)Math.Max(1, Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.StatusCode = status;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail(seconds) },
        });
    }
}
