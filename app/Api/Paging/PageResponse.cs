namespace GistCloud.Api.Paging;

/// <summary>One page of a list; pass <c>nextCursor</c> as <c>?cursor=</c> for the next (null on the last page).</summary>
public sealed record PageResponse<T>(IReadOnlyList<T> Items, string? NextCursor);
