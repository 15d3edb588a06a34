namespace GistCloud.Fakes.GitHub;

/// <summary>A GitHub account as the fake knows it.</summary>
public sealed record FakeGitHubUser(string Login, long Id, string? Name, DateTimeOffset CreatedAt);

/// <summary>A public gist: metadata only, as GitHub's lists show it (timestamps in whole seconds, as GitHub's are).</summary>
public sealed record FakeGist(
    string Id,
    string OwnerLogin,
    string? Description,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<FakeGistFile> Files);

/// <summary>A gist file; the language is guessed from the extension when not given, as GitHub's linguist does.</summary>
public sealed record FakeGistFile(string Filename, long Size = 42, string? Language = null)
{
    private static readonly Dictionary<string, (string Language, string Type)> KnownExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        [".cs"] = ("C#", "text/plain"),
        [".py"] = ("Python", "application/x-python"),
        [".rb"] = ("Ruby", "application/x-ruby"),
        [".js"] = ("JavaScript", "application/javascript"),
        [".ts"] = ("TypeScript", "video/MP2T"),
        [".json"] = ("JSON", "application/json"),
        [".md"] = ("Markdown", "text/markdown"),
        [".sh"] = ("Shell", "application/x-sh"),
        [".go"] = ("Go", "text/plain"),
        [".sql"] = ("SQL", "application/sql"),
        [".txt"] = ("Text", "text/plain"),
    };

    public string? DetectedLanguage =>
        Language ?? (KnownExtensions.TryGetValue(Path.GetExtension(Filename), out var known) ? known.Language : null);

    /// <summary>GitHub's <c>type</c> field (a MIME type, sometimes a surprising one: TypeScript is "video/MP2T").</summary>
    public string MimeType =>
        KnownExtensions.TryGetValue(Path.GetExtension(Filename), out var known) ? known.Type : "text/plain";
}
