namespace GistCloud.Api.Site;

/// <summary>Where the built SPA is: <c>Site:Root</c> when set, else the first <c>web/dist</c> above the content root.</summary>
internal static class SiteRoot
{
    public const string ConfigKey = "Site:Root";
    private const int LevelsUp = 6;

    /// <summary>The folder holding <c>index.html</c>, or null (with the place looked at) when there is none.</summary>
    public static string? Find(IConfiguration configuration, string contentRoot, out string lookedAt)
    {
        if (configuration[ConfigKey] is { Length: > 0 } configured)
        {
            lookedAt = Path.GetFullPath(configured, contentRoot);
            return HasIndex(lookedAt) ? lookedAt : null;
        }

        lookedAt = Path.Combine("web", "dist") + " above " + contentRoot;
        var folder = new DirectoryInfo(contentRoot);
        for (var level = 0; folder is not null && level <= LevelsUp; level++, folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "web", "dist");
            if (HasIndex(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool HasIndex(string folder) => File.Exists(Path.Combine(folder, "index.html"));
}
