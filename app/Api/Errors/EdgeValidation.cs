using System.Diagnostics.CodeAnalysis;
using GistCloud.Core.Domain.Paging;
using GistCloud.Core.Domain.Users;
using GistCloud.Core.Domain.Visits;

namespace GistCloud.Api.Errors;

/// <summary>Turns raw route, query and header values into domain values, or a problem that says what is wrong.</summary>
internal static class EdgeValidation
{
    public static bool TryUsername(string? text, string field, out GitHubUsername username, [NotNullWhen(false)] out ValidationFailure? failure)
    {
        if (GitHubUsername.TryParse(text, out username, out var error))
        {
            failure = null;
            return true;
        }

        failure = new ValidationFailure(field, error);
        return false;
    }

    public static bool TryPage(int? limit, string? cursor, out PageRequest page, [NotNullWhen(false)] out ValidationFailure? failure)
    {
        page = new PageRequest(limit ?? PageRequest.DefaultLimit, string.IsNullOrEmpty(cursor) ? null : cursor);
        if (page.Limit is < 1 or > PageRequest.MaxLimit)
        {
            failure = new ValidationFailure("limit", $"limit must be between 1 and {PageRequest.MaxLimit}; got {limit}.");
            return false;
        }

        failure = null;
        return true;
    }

    /// <summary>The viewer a header names (a version 4 UUID), or a fresh server-issued one when there is no header.</summary>
    public static bool TryViewer(string? header, string field, out ViewerId viewer, [NotNullWhen(false)] out ValidationFailure? failure)
    {
        if (string.IsNullOrEmpty(header))
        {
            // Nothing shared: a caller without an id is a new viewer, and learns its id from the answer.
            viewer = ViewerId.New();
            failure = null;
            return true;
        }

        if (ViewerId.TryParse(header, out viewer, out var error))
        {
            failure = null;
            return true;
        }

        failure = new ValidationFailure(field, error);
        return false;
    }
}

/// <summary>One invalid input: which one, and what is wrong with it.</summary>
internal sealed record ValidationFailure(string Field, string Message)
{
    public Microsoft.AspNetCore.Http.HttpResults.ValidationProblem ToProblem() =>
        TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { [Field] = [Message] },
            detail: Message,
            title: "The request is not valid.");
}
