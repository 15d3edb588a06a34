using GistCloud.Api.Gists;
using GistCloud.Core.Domain.Visits;

namespace GistCloud.Api.Visits;

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
