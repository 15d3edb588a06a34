using GistCloud.Core.Domain.Gists;
using GistCloud.Core.Domain.Users;

namespace GistCloud.Core.Domain.Visits;

/// <summary>
/// One viewer opening one user's page. Its gists are those first stored after the viewer's previous visit and up to
/// this one (all of them on a first visit): <see cref="GistCount"/> in all, newest discovered first, of which
/// <see cref="Gists"/> is one page; <see cref="NextCursor"/> reads the next (null on the last page).
/// </summary>
public sealed record Visit(
    string VisitId,
    GitHubUsername Username,
    ViewerId ViewerId,
    DateTimeOffset? PreviousVisitAt,
    DateTimeOffset VisitedAt,
    IReadOnlyList<Gist> Gists,
    int GistCount,
    string? NextCursor);
