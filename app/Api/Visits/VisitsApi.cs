using GistCloud.Api.Errors;
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

        group.MapPost("/", RecordVisit).WithName("RecordVisit")
            .WithSummary("Record a visit and get the gists first stored since this viewer's previous visit.")
            .WithDescription("The viewer is the X-Viewer-Id header (1-64 letters, digits, '-' or '_'); without it, 'anonymous'.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{visitId}", GetVisit).WithName("GetVisit")
            .WithSummary("A recorded visit again, with the same gists.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Results<Created<VisitResponse>, ValidationProblem, ProblemHttpResult>> RecordVisit(
        string username,
        [FromHeader(Name = ViewerIdHeader)] string? viewerId,
        VisitLedger visits,
        CancellationToken cancellationToken)
    {
        if (!EdgeValidation.TryUsername(username, "username", out var name, out var invalid)
            || !EdgeValidation.TryViewer(viewerId, ViewerIdHeader, out var viewer, out invalid))
        {
            return invalid.ToProblem();
        }

        return await visits.RecordAsync(name, viewer, cancellationToken) is { } visit
            ? TypedResults.Created($"/api/users/{name}/visits/{visit.VisitId}", VisitResponse.From(visit))
            : Problems.UserNotTracked(name);
    }

    private static async Task<Results<Ok<VisitResponse>, ValidationProblem, ProblemHttpResult>> GetVisit(
        string username, string visitId, VisitLedger visits, CancellationToken cancellationToken)
    {
        if (!EdgeValidation.TryUsername(username, "username", out var name, out var invalid))
        {
            return invalid.ToProblem();
        }

        return await visits.FindAsync(name, visitId, cancellationToken) is { } visit
            ? TypedResults.Ok(VisitResponse.From(visit))
            : Problems.NotFound($"'{name}' has no visit '{visitId}'.");
    }
}
