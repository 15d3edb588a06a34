using GistCloud.Api.Gists;
using GistCloud.Core.Domain.Visits;

namespace GistCloud.Api.Visits;

/// <param name="Gists">One page of the gists first stored after <c>previousVisitAt</c> and up to <c>visitedAt</c> (all on a first visit), newest first.</param>
/// <param name="GistCount">How many gists the visit has in all, over every page.</param>
/// <param name="NextCursor">Pass as <c>?cursor=</c> to <c>GET .../visits/{visitId}</c> for the next page; null on the last page.</param>
public sealed record VisitResponse(
    string VisitId,
    string ViewerId,
    DateTimeOffset? PreviousVisitAt,
    DateTimeOffset VisitedAt,
    IReadOnlyList<GistResponse> Gists,
    int GistCount,
    string? NextCursor)
{
    internal static VisitResponse From(Visit visit, PipedriveLinks links) => new(
        visit.VisitId, visit.ViewerId.Value, visit.PreviousVisitAt?.ToUniversalTime(), visit.VisitedAt.ToUniversalTime(),
        [.. visit.Gists.Select(g => GistResponse.From(g, links))], visit.GistCount, visit.NextCursor);
}
