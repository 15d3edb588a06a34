using GistCloud.Core.Gists;
using GistCloud.Core.GitHub;
using GistCloud.Core.Paging;
using GistCloud.Core.Users;

namespace GistCloud.Core.Storage;

/// <summary>The gists table: every gist stored once, in discovery order per user.</summary>
public sealed class GistStore
{
    /// <summary>
    /// Stores the gists not stored yet (by id) with <paramref name="initialStatus"/>; known ids are left as they are.
    /// Never stores a gist twice, even when called concurrently for the same user.
    /// </summary>
    public Task<GistStoreResult> AddNewAsync(GitHubUsername owner, IReadOnlyList<GitHubGist> gists, PublishStatus initialStatus, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>The user's gists, newest created first, one page at a time.</summary>
    public Task<Page<Gist>> ListAsync(GitHubUsername owner, PageRequest page, CancellationToken cancellationToken) => throw new NotImplementedException();
}

/// <param name="Added">Gists stored by this call.</param>
/// <param name="AlreadyStored">Gists skipped because their id was stored before.</param>
public sealed record GistStoreResult(int Added, int AlreadyStored);
