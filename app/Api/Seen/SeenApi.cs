using System.Security.Claims;
using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using GistCloud.Api.Errors;
using GistCloud.Api.Gists;
using GistCloud.Api.Visits;
using GistCloud.Core.Domain.Seen;
using GistCloud.Core.Storage.Seen;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace GistCloud.Api.Seen;

/// <summary>
/// <c>/api/users/{username}/new</c> and <c>/seen</c>: a viewer's unseen gists, which stay new across reloads and tabs
/// until that viewer marks them seen (unlike a visit, which moves "new" on as it is recorded).
/// </summary>
internal static partial class SeenApi
{
    public const int MaxGistIds = 100;

    public static RouteGroupBuilder MapSeen(this RouteGroupBuilder group)
    {
        group.WithTags("Seen");

        group.MapGet("/new", ListNew).WithName("ListNewGists")
            .WithSummary("The viewer's unseen gists of the user, newest discovered first. Reads only: nothing is marked seen.")
            .WithDescription("X-Viewer-Id is required (a random version 4 UUID). With no seen state yet every stored gist is new. "
                + "latestSeq is the user's gistSeq read for this answer: POST .../seen with { all: true, throughSeq: latestSeq } marks exactly what was shown.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/seen", MarkSeen).WithName("MarkGistsSeen").RequireRateLimiting(VisitRateLimit.PolicyName)
            .WithSummary("Mark the user's gists seen for the viewer: all up to a sequence number, or some by id. Idempotent.")
            .WithDescription("X-Viewer-Id is required. Body { \"all\": true, \"throughSeq\": n } (throughSeq optional: default and at most the current gistSeq) "
                + $"or {{ \"gistIds\": [\"id\", ...] }} (1-{MaxGistIds} ids of this user's gists; unknown ids are a 400 naming them). "
                + $"At most {SeenState.MaxSeqs} gists stay marked one by one above the contiguous seen range: beyond, a 400 asks to mark all. "
                + "Answers the viewer's new count after the mark.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Results<Ok<NewGistsResponse>, ValidationProblem, ProblemHttpResult>> ListNew(
        string username,
        string? limit,
        string? cursor,
        [FromHeader(Name = VisitsApi.ViewerIdHeader)] string? viewerId,
        ClaimsPrincipal caller,
        SeenLedger seen,
        PipedriveLinks links,
        CancellationToken cancellationToken)
    {
        if (!EdgeValidation.TryUsername(username, "username", out var name, out var invalid)
            || !EdgeValidation.TryPage(limit, cursor, out var page, out invalid)
            || !EdgeValidation.TryRequiredViewer(caller, viewerId, VisitsApi.ViewerIdHeader, out var viewer, out invalid))
        {
            return invalid.ToProblem();
        }

        return await seen.ListNewAsync(name, viewer, page, cancellationToken) is { } found
            ? TypedResults.Ok(NewGistsResponse.From(found, links))
            : Problems.UserNotTracked(name);
    }

    private static async Task<Results<Ok<SeenResponse>, ValidationProblem, ProblemHttpResult>> MarkSeen(
        string username,
        [FromHeader(Name = VisitsApi.ViewerIdHeader)] string? viewerId,
        ClaimsPrincipal caller,
        SeenRequest? request,
        SeenLedger seen,
        CancellationToken cancellationToken)
    {
        if (!EdgeValidation.TryUsername(username, "username", out var name, out var invalid)
            || !EdgeValidation.TryRequiredViewer(caller, viewerId, VisitsApi.ViewerIdHeader, out var viewer, out invalid)
            || !TryMark(request, out var mark, out invalid))
        {
            return invalid.ToProblem();
        }

        return await seen.MarkAsync(name, viewer, mark, cancellationToken) switch
        {
            SeenMarkOutcome.Marked marked => TypedResults.Ok(SeenResponse.From(marked)),
            SeenMarkOutcome.NotTracked => Problems.UserNotTracked(name),
            SeenMarkOutcome.UnknownGists unknown => new ValidationFailure(
                "gistIds", $"'{name}' has no stored gist with id {string.Join(", ", unknown.GistIds.Select(id => $"'{id}'"))}.").ToProblem(),
            SeenMarkOutcome.TooManyMarks tooMany => new ValidationFailure(
                "gistIds", $"At most {tooMany.Max} gists can be marked seen one by one ahead of the others; mark all seen instead (\"all\": true).").ToProblem(),
            var other => throw new InvalidOperationException($"Unhandled outcome {other}."),
        };
    }

    /// <summary>The body as a mark: exactly one of "all": true or a non-empty "gistIds" list of well-formed ids.</summary>
    private static bool TryMark(SeenRequest? request, [NotNullWhen(true)] out SeenMark? mark, [NotNullWhen(false)] out ValidationFailure? failure)
    {
        mark = null;
        failure = request switch
        {
            null => new ValidationFailure("body", "A JSON body is required: {\"all\": true} or {\"gistIds\": [\"...\"]}."),
            { All: true, GistIds: not null } => new ValidationFailure("body", "Send either \"all\": true or \"gistIds\", not both."),
            { All: true, ThroughSeq: < 0 } => new ValidationFailure("throughSeq", "throughSeq must be 0 or more (the latestSeq of GET .../new)."),
            { All: true } => null,
            { ThroughSeq: not null } => new ValidationFailure("throughSeq", "throughSeq goes with \"all\": true."),
            { GistIds: null } => new ValidationFailure("body", "Send \"all\": true or \"gistIds\": [\"...\"]."),
            { GistIds.Count: 0 or > MaxGistIds } => new ValidationFailure("gistIds", $"gistIds must hold 1 to {MaxGistIds} gist ids."),
            _ when request.GistIds.Where(id => id is null || !GistIdPattern().IsMatch(id)).ToList() is { Count: > 0 } bad => new ValidationFailure(
                "gistIds", $"Not gist ids: {string.Join(", ", bad.Take(5).Select(id => id is null ? "null" : $"'{EdgeValidation.Echo(id)}'"))}."),
            _ => null,
        };
        if (failure is not null)
        {
            return false;
        }

        mark = request!.All == true ? new SeenMark.All(request.ThroughSeq) : new SeenMark.Gists(request.GistIds!);
        return true;
    }

    /// <summary>What GitHub gist ids look like (hex today; the store accepts the same letters).</summary>
    [GeneratedRegex("^[A-Za-z0-9_-]{1,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex GistIdPattern();
}
