using GistCloud.Core.Domain.Gists;

namespace GistCloud.Core.GitHub;

/// <summary>Octokit's models to GistCloud's: only what GistCloud keeps.</summary>
internal static class GitHubGistMapper
{
    public static ListedGist ToListedGist(Octokit.Gist gist) =>
        new(
            gist.Id,
            string.IsNullOrWhiteSpace(gist.Description) ? null : gist.Description,
            gist.HtmlUrl,
            gist.CreatedAt,
            gist.UpdatedAt,
            gist.Files is null
                ? []
                : gist.Files.Select(file => new GistFile(
                    file.Value?.Filename ?? file.Key,
                    file.Value?.Language,
                    file.Value?.RawUrl,
                    file.Value?.Size ?? 0)).ToList());

    public static GitHubProfile ToGitHubProfile(Octokit.User user) =>
        new(user.Login, user.Name, user.AvatarUrl, user.HtmlUrl, user.PublicGists);
}
