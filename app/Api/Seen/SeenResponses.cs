using GistCloud.Api.Gists;
using GistCloud.Core.Domain.Seen;

namespace GistCloud.Api.Seen;

/// <summary>
/// Body of <c>POST /api/users/{username}/seen</c>: either <c>{ "all": true, "throughSeq": n }</c> or <c>{ "gistIds": [...] }</c>.
/// </summary>
/// <param name="All">true: mark seen every gist up to <paramref name="ThroughSeq"/>.</param>
/// <param name="ThroughSeq">With all: the latestSeq of the GET .../new answer the viewer looked at (default, and at most, the user's current gistSeq), so a gist stored after that stays new.</param>
/// <param name="GistIds">1-100 ids of the user's gists to mark seen one by one.</param>
public sealed record SeenRequest(bool? All, long? ThroughSeq, IReadOnlyList<string>? GistIds);

/// <param name="NewCount">The viewer's unseen gists of the user after the mark.</param>
/// <param name="LatestSeq">The user's gistSeq (discovery sequence of the newest stored gist) the answer was computed against.</param>
public sealed record SeenResponse(long NewCount, long LatestSeq)
{
    public static SeenResponse From(SeenMarkOutcome.Marked marked) => new(marked.NewCount, marked.LatestSeq);
}

/// <param name="NewCount">The viewer's unseen gists of the user, over every page.</param>
/// <param name="LatestSeq">The user's gistSeq this answer was read against: pass it as throughSeq to mark exactly these seen.</param>
/// <param name="Gists">One page of the unseen gists, newest discovered first (each with isNew true).</param>
/// <param name="NextCursor">Pass as <c>?cursor=</c> for the next page; null on the last page.</param>
public sealed record NewGistsResponse(long NewCount, long LatestSeq, IReadOnlyList<GistResponse> Gists, string? NextCursor)
{
    internal static NewGistsResponse From(NewGists found, PipedriveLinks links) => new(
        found.NewCount, found.LatestSeq, [.. found.Gists.Items.Select(g => GistResponse.ForViewer(g, links, isNew: true))], found.Gists.NextCursor);
}
