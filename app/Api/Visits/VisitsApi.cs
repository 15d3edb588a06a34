using System.Security.Claims;
using GistCloud.Api.Errors;
using GistCloud.Api.Gists;
using GistCloud.Core.Storage.Visits;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace GistCloud.Api.Visits;

/// <summary><c>/api/users/{username}/visits</c>: what is new for a viewer since their last visit.</summary>
internal static class VisitsApi
{
    public const string ViewerIdHeader = "X-Viewer-Id";

    public static RouteGroupBuilder MapVisits(this RouteGroupBuilder group)
    {
        group.WithTags("Visits");

        group.MapPost("/", RecordVisit).WithName("RecordVisit").RequireRateLimiting(VisitRateLimit.PolicyName)
            .WithSummary("Record a visit and get the first page of the gists first stored since this viewer's previous visit.")
            .WithDescription("The viewer is the X-Viewer-Id header, a random (version 4) UUID; without it, the server issues a new viewer id, "
                + "returned in viewerId and the X-Viewer-Id response header. GET the visit with nextCursor for the rest.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapGet("/{visitId}", GetVisit).WithName("GetVisit")
            .WithSummary("A page of a recorded visit again, with the same gists.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Results<Created<VisitResponse>, ValidationProblem, ProblemHttpResult>> RecordVisit(
        string username,
        [FromHeader(Name = ViewerIdHeader)] string? viewerId,
        ClaimsPrincipal caller,
        string? limit,
        HttpResponse response,
        VisitLedger visits,
        PipedriveLinks links,
        CancellationToken cancellationToken)
    {
        if (!EdgeValidation.TryUsername(username, "username", out var name, out var invalid)
            || !EdgeValidation.TryPage(limit, cursor: null, out var page, out invalid)
            || !EdgeValidation.TryViewer(caller, viewerId, ViewerIdHeader, out var viewer, out invalid))
        {
            return invalid.ToProblem();
        }

        if (await visits.RecordAsync(name, viewer, page.Limit, cancellationToken) is not { } visit)
        {
            return Problems.UserNotTracked(name);
        }

        response.Headers[ViewerIdHeader] = visit.ViewerId.Value;
        return TypedResults.Created($"/api/users/{name}/visits/{visit.VisitId}", VisitResponse.From(visit, links));
    }

    private static async Task<Results<Ok<VisitResponse>, ValidationProblem, ProblemHttpResult>> GetVisit(
        string username, string visitId, string? limit, string? cursor, VisitLedger visits, PipedriveLinks links, CancellationToken cancellationToken)
    {
        if (!EdgeValidation.TryUsername(username, "username", out var name, out var invalid)
            || !EdgeValidation.TryPage(limit, cursor, out var page, out invalid))
        {
            return invalid.ToProblem();
        }

        return await visits.FindAsync(name, visitId, page, cancellationToken) is { } visit
            ? TypedResults.Ok(VisitResponse.From(visit, links))
            : Problems.NotFound($"'{name}' has no visit '{visitId}' (visits expire after a while).");
    }
}
