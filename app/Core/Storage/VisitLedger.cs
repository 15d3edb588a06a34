using GistCloud.Core.Users;
using GistCloud.Core.Visits;

namespace GistCloud.Core.Storage;

/// <summary>The visits table: per viewer and user, which gists were new at each visit.</summary>
public sealed class VisitLedger
{
    /// <summary>Records a visit now and returns the gists first stored since the viewer's previous visit of this user.</summary>
    public Task<Visit> RecordAsync(GitHubUsername username, ViewerId viewer, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>A visit recorded before, with the same gists; null when unknown.</summary>
    public Task<Visit?> FindAsync(GitHubUsername username, string visitId, CancellationToken cancellationToken) => throw new NotImplementedException();
}
