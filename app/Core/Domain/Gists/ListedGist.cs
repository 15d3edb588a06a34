namespace GistCloud.Core.Domain.Gists;

/// <summary>
/// A public gist as its source lists it (metadata only: lists carry no file content). The GitHub reader produces
/// these and the store keeps them, so neither needs to know the other.
/// </summary>
public sealed record ListedGist(
    string Id,
    string? Description,
    string HtmlUrl,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<GistFile> Files);
