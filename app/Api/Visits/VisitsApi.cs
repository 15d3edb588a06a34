using GistCloud.Api.Infrastructure;
using GistCloud.Api.Users;
using GistCloud.Core.Storage;
using GistCloud.Core.Visits;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace GistCloud.Api.Visits;

/// <summary><c>/api/users/{username}/visits</c>: what is new for a viewer since their last visit.</summary>
internal static class VisitsApi
{
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
        [FromHeader(Name = ApiHeaders.ViewerId)] string? viewerId,
        VisitLedger visits,
        CancellationToken cancellationToken)
    {
        if (!EdgeValidation.TryUsername(username, "username", out var name, out var invalid)
            || !EdgeValidation.TryViewer(viewerId, out var viewer, out invalid))
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

/// <param name="Gists">The gists first stored after <c>previousVisitAt</c> and up to <c>visitedAt</c> (all on a first visit), newest first.</param>
public sealed record VisitResponse(
    string VisitId,
    string ViewerId,
    DateTimeOffset? PreviousVisitAt,
    DateTimeOffset VisitedAt,
    IReadOnlyList<GistResponse> Gists)
{
    public static VisitResponse From(Visit visit) => new(
        visit.VisitId, visit.ViewerId.Value, visit.PreviousVisitAt?.ToUniversalTime(), visit.VisitedAt.ToUniversalTime(),
        [.. visit.Gists.Select(GistResponse.From)]);
}
