using System.Globalization;
using System.Text;

namespace GistCloud.Fakes.GitHub;

internal enum GistOrderField
{
    CreatedAt,
    UpdatedAt,
    PushedAt,
}

internal enum OrderDirection
{
    Asc,
    Desc,
}

internal enum GistPrivacy
{
    Public,
    Secret,
    All,
}

internal sealed record GistOrder(GistOrderField Field, OrderDirection Direction)
{
    /// <summary>GitHub's default for <c>User.gists</c>.</summary>
    public static readonly GistOrder Default = new(GistOrderField.PushedAt, OrderDirection.Desc);
}

internal sealed record GistEdge(string Cursor, FakeGist Node);

/// <summary>
/// One page of a user's gists, Relay-style. Cursors are opaque to clients (base64 of <c>cursor:v2:&lt;position&gt;</c>,
/// like GitHub's <c>Y3Vyc29yOnYyOpK5...</c>) and count positions in the ordered list.
/// </summary>
internal sealed record GistPage(int TotalCount, IReadOnlyList<GistEdge> Edges, bool HasNextPage, bool HasPreviousPage)
{
    private const string CursorPrefix = "cursor:v2:";

    public static GistPage Of(IReadOnlyList<FakeGist> gists, GistOrder order, int? first, string? after, int? last, string? before)
    {
        Func<FakeGist, DateTimeOffset> key = order.Field == GistOrderField.CreatedAt ? g => g.CreatedAt : g => g.UpdatedAt; // pushedAt = updatedAt
        var ordered = order.Direction == OrderDirection.Asc
            ? gists.OrderBy(key).ThenBy(g => g.Id, StringComparer.Ordinal).ToList()
            : gists.OrderByDescending(key).ThenByDescending(g => g.Id, StringComparer.Ordinal).ToList();

        var start = after is null ? 0 : Math.Min(ordered.Count, Position(after) + 1);
        var end = before is null ? ordered.Count : Math.Min(ordered.Count, Position(before));
        end = Math.Max(start, end);
        if (first is { } firstCount)
        {
            end = Math.Min(end, start + firstCount);
        }

        if (last is { } lastCount)
        {
            start = Math.Max(start, end - lastCount);
        }

        var edges = new List<GistEdge>(end - start);
        for (var i = start; i < end; i++)
        {
            edges.Add(new GistEdge(Cursor(i), ordered[i]));
        }

        return new GistPage(ordered.Count, edges, HasNextPage: end < ordered.Count, HasPreviousPage: start > 0);
    }

    private static string Cursor(int position) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(CursorPrefix + position.ToString(CultureInfo.InvariantCulture)));

    private static int Position(string cursor)
    {
        var buffer = new byte[cursor.Length];
        if (Convert.TryFromBase64String(cursor, buffer, out var length)
            && Encoding.UTF8.GetString(buffer, 0, length) is var text
            && text.StartsWith(CursorPrefix, StringComparison.Ordinal)
            && int.TryParse(text.AsSpan(CursorPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var position))
        {
            return position;
        }

        throw new FakeGitHubGraphQLError("INVALID_CURSOR_ARGUMENTS", $"`{cursor}` does not appear to be a valid cursor.");
    }
}
