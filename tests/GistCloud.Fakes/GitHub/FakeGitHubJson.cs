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
        AvatarUrl = AvatarUrl(api, user.Login),
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
            AvatarUrl = AvatarUrl(api, owner.Login),
            GravatarId = "",
            Url = $"{api}users/{owner.Login}",
            HtmlUrl = $"https://github.com/{owner.Login}",
            Type = "User",
            SiteAdmin = false,
        },
        Truncated = false,
    };

    /// <summary>
    /// Avatars come from the fake itself (FakeGitHubEndpoints' /avatars/{login}), so an offline demo or test asks no CDN.
    /// </summary>
    public static string AvatarUrl(Uri api, string login) => $"{api}avatars/{Uri.EscapeDataString(login)}?v=4";

    /// <summary>A small SVG per login: its first letter on a colour taken from the login's hash, stable across runs.</summary>
    public static string AvatarSvg(string login)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(login.ToUpperInvariant()));
        var hue = ((hash[0] << 8) | hash[1]) % 360;
        var letter = login.Length > 0 && char.IsAsciiLetterOrDigit(login[0]) ? char.ToUpperInvariant(login[0]) : '?';
        return string.Create(
            CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"96\" height=\"96\" viewBox=\"0 0 96 96\"><rect width=\"96\" height=\"96\" fill=\"hsl({hue} 45% 38%)\"/><text x=\"48\" y=\"64\" font-family=\"sans-serif\" font-size=\"48\" font-weight=\"700\" fill=\"#fff\" text-anchor=\"middle\">{letter}</text></svg>");
    }

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    internal static string NodeId(string prefix, string id) => prefix + Convert.ToBase64String(Encoding.UTF8.GetBytes(id)).TrimEnd('=');

    /// <summary>A stable 40-hex "commit" per file version, like the SHA in GitHub's raw URLs.</summary>
    private static string Revision(FakeGist gist, FakeGistFile file) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{gist.Id}/{file.Filename}/{gist.UpdatedAt.ToUnixTimeSeconds()}/{file.Size}")))[..40];
}
