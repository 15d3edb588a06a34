using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace GistCloud.Fakes.GitHub;

/// <summary>Users and gists in the JSON shapes of GitHub's REST API (the fields of its docs' examples).</summary>
internal static class FakeGitHubJson
{
    public static object User(FakeGitHubUser user, int publicGists, Uri api) => new
    {
        user.Login,
        user.Id,
        NodeId = NodeId("U_", user.Id.ToString(CultureInfo.InvariantCulture)),
        AvatarUrl = $"https://avatars.githubusercontent.com/u/{user.Id}?v=4",
        GravatarId = "",
        Url = $"{api}users/{user.Login}",
        HtmlUrl = $"https://github.com/{user.Login}",
        GistsUrl = $"{api}users/{user.Login}/gists{{/gist_id}}",
        Type = "User",
        UserViewType = "public",
        SiteAdmin = false,
        user.Name,
        Company = (string?)null,
        Blog = "",
        Location = (string?)null,
        Email = (string?)null,
        Hireable = (bool?)null,
        Bio = (string?)null,
        TwitterUsername = (string?)null,
        PublicRepos = 0,
        PublicGists = publicGists,
        Followers = 0,
        Following = 0,
        CreatedAt = Time(user.CreatedAt),
        UpdatedAt = Time(user.CreatedAt),
    };

    /// <summary>A gist as lists show it: the files map carries no content.</summary>
    public static object Gist(FakeGist gist, FakeGitHubUser owner, Uri api) => new
    {
        Url = $"{api}gists/{gist.Id}",
        ForksUrl = $"{api}gists/{gist.Id}/forks",
        CommitsUrl = $"{api}gists/{gist.Id}/commits",
        gist.Id,
        NodeId = NodeId("G_", gist.Id),
        GitPullUrl = $"https://gist.github.com/{gist.Id}.git",
        GitPushUrl = $"https://gist.github.com/{gist.Id}.git",
        HtmlUrl = $"https://gist.github.com/{gist.Id}",
        Files = gist.Files.ToDictionary(file => file.Filename, file => (object)new
        {
            file.Filename,
            Type = file.MimeType,
            Language = file.DetectedLanguage,
            RawUrl = $"https://gist.githubusercontent.com/{owner.Login}/{gist.Id}/raw/{Revision(gist, file)}/{Uri.EscapeDataString(file.Filename)}",
            file.Size,
        }),
        Public = true,
        CreatedAt = Time(gist.CreatedAt),
        UpdatedAt = Time(gist.UpdatedAt),
        gist.Description,
        Comments = 0,
        User = (object?)null,
        CommentsUrl = $"{api}gists/{gist.Id}/comments",
        Owner = new
        {
            owner.Login,
            owner.Id,
            NodeId = NodeId("U_", owner.Id.ToString(CultureInfo.InvariantCulture)),
            AvatarUrl = $"https://avatars.githubusercontent.com/u/{owner.Id}?v=4",
            GravatarId = "",
            Url = $"{api}users/{owner.Login}",
            HtmlUrl = $"https://github.com/{owner.Login}",
            Type = "User",
            SiteAdmin = false,
        },
        Truncated = false,
    };

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    internal static string NodeId(string prefix, string id) => prefix + Convert.ToBase64String(Encoding.UTF8.GetBytes(id)).TrimEnd('=');

    /// <summary>A stable 40-hex "commit" per file version, like the SHA in GitHub's raw URLs.</summary>
    private static string Revision(FakeGist gist, FakeGistFile file) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{gist.Id}/{file.Filename}/{gist.UpdatedAt.ToUnixTimeSeconds()}/{file.Size}")))[..40];
}
