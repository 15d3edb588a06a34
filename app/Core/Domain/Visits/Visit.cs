using GistCloud.Core.Domain.Gists;
using GistCloud.Core.Domain.Users;

namespace GistCloud.Core.Domain.Visits;

/// <summary>
/// One viewer opening one user's page. <see cref="Gists"/> are the gists first stored after
/// the viewer's previous visit and up to this one (all of them on a first visit).
/// </summary>
public sealed record Visit(
    string VisitId,
    GitHubUsername Username,
    ViewerId ViewerId,
    DateTimeOffset? PreviousVisitAt,
    DateTimeOffset VisitedAt,
    IReadOnlyList<Gist> Gists);
