using GistCloud.Core.Domain.Users;
using GistCloud.Core.GitHub;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GistCloud.Api.Errors;

/// <summary>The RFC 9457 problems the API answers with, each with a detail that says what happened.</summary>
internal static class Problems
{
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found.");

    public static ProblemHttpResult UserNotTracked(GitHubUsername username) =>
        NotFound($"'{username}' is not tracked.");

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict.");

    public static ProblemHttpResult Unauthorized(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized.");

    /// <summary>GitHub could not answer: 503 when rate limited (with <c>retryAt</c> when GitHub said), else 502.</summary>
    public static ProblemHttpResult GitHubUnavailable(GitHubFailure failure)
    {
        var rateLimited = failure.Kind == GitHubFailureKind.RateLimited;
        var extensions = new Dictionary<string, object?>();
        if (failure.RetryAt is { } retryAt)
        {
            extensions["retryAt"] = retryAt.ToUniversalTime();
        }

        return TypedResults.Problem(
            $"GitHub could not be asked: {failure.Message}",
            statusCode: rateLimited ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status502BadGateway,
            title: rateLimited ? "GitHub rate limit reached." : "GitHub is unavailable.",
            extensions: extensions);
    }
}
