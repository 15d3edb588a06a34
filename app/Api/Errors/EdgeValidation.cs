using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Claims;
using GistCloud.Api.Security;
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

    /// <summary>
    /// <paramref name="limit"/> as the query string gave it: absent or empty means the default; else a whole number
    /// from 1 to <see cref="PageRequest.MaxLimit"/>, and the message echoes what came.
    /// </summary>
    public static bool TryPage(string? limit, string? cursor, out PageRequest page, [NotNullWhen(false)] out ValidationFailure? failure)
    {
        var value = PageRequest.DefaultLimit;
        if (!string.IsNullOrEmpty(limit)
            && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out value) || value is < 1 or > PageRequest.MaxLimit))
        {
            page = new PageRequest();
            failure = new ValidationFailure("limit", $"limit must be a whole number from 1 to {PageRequest.MaxLimit}; got '{Echo(limit)}'.");
            return false;
        }

        page = new PageRequest(value, string.IsNullOrEmpty(cursor) ? null : cursor);
        failure = null;
        return true;
    }

    /// <summary>A caller's value in a message: at most 50 characters.</summary>
    public static string Echo(string value) =>
        value.Length <= 50 ? value : string.Concat(value.AsSpan(0, char.IsHighSurrogate(value[46]) ? 46 : 47), "...");

    /// <summary>
    /// The viewer: the signed-in person (their header, if any, is ignored), else the one a header names (a version 4
    /// UUID); null when neither (the answer then carries no per-viewer fields).
    /// </summary>
    public static bool TryOptionalViewer(ClaimsPrincipal caller, string? header, string field, out ViewerId? viewer, [NotNullWhen(false)] out ValidationFailure? failure)
    {
        viewer = Callers.PersonViewer(caller);
        if (viewer is not null || string.IsNullOrEmpty(header))
        {
            failure = null;
            return true;
        }

        if (!ViewerId.TryParse(header, out var parsed, out var error))
        {
            failure = new ValidationFailure(field, error);
            return false;
        }

        viewer = parsed;
        failure = null;
        return true;
    }

    /// <summary>The signed-in person, else the viewer a header names (a version 4 UUID); a missing header is invalid, since the call is about that viewer's state.</summary>
    public static bool TryRequiredViewer(ClaimsPrincipal caller, string? header, string field, out ViewerId viewer, [NotNullWhen(false)] out ValidationFailure? failure)
    {
        if (string.IsNullOrEmpty(header) && Callers.PersonViewer(caller) is null)
        {
            viewer = default;
            failure = new ValidationFailure(field, $"The {field} header is required: the viewer's random UUID (version 4), as crypto.randomUUID() makes.");
            return false;
        }

        return TryViewer(caller, header, field, out viewer, out failure);
    }

    /// <summary>The signed-in person, else the viewer a header names (a version 4 UUID), or a fresh server-issued one when there is no header.</summary>
    public static bool TryViewer(ClaimsPrincipal caller, string? header, string field, out ViewerId viewer, [NotNullWhen(false)] out ValidationFailure? failure)
    {
        if (Callers.PersonViewer(caller) is { } person)
        {
            viewer = person;
            failure = null;
            return true;
        }

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
