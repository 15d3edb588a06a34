namespace GistCloud.Core.Domain.Paging;

/// <summary>One page of a list and the opaque cursor of the next one (null on the last page).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>Which page to read: <see cref="Limit"/> items from an opaque <see cref="Cursor"/>.</summary>
public sealed record PageRequest(int Limit = PageRequest.DefaultLimit, string? Cursor = null)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 100;
}

/// <summary>A cursor that was not made by this store, or was tampered with.</summary>
public sealed class InvalidCursorException(string message) : Exception(message);
