using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Amazon.DynamoDBv2.Model;
using GistCloud.Core.Domain.Paging;
using GistCloud.Core.Domain.Users;
using GistCloud.Core.Domain.Visits;
using GistCloud.Core.Storage.DynamoDb;
using static GistCloud.Core.Storage.DynamoDb.AttributeValues;
using Table = GistCloud.Core.Storage.Schema.GistCloudTables.Visits;

namespace GistCloud.Core.Storage.Visits;

/// <summary>How a visit is laid out in the visits table: who, when, and the (fromSeq, toSeq] window of gists it saw.</summary>
internal static class VisitItem
{
    public const int VisitIdLength = 32;

    /// <summary>A version 7 GUID in "N" format: 32 lower-case hex digits that sort by creation time.</summary>
    public static string NewVisitId(DateTimeOffset now) => Guid.CreateVersion7(now).ToString("N");

    /// <summary>Accepts 32 hex digits in either case and gives the stored (lower-case) form.</summary>
    public static bool TryNormalizeVisitId(string? text, [NotNullWhen(true)] out string? visitId)
    {
        visitId = text is { Length: VisitIdLength } && text.All(char.IsAsciiHexDigit) ? text.ToLowerInvariant() : null;
        return visitId is not null;
    }

    /// <summary>viewer + "#": viewer ids cannot contain '#', so this prefix matches exactly one viewer's visits.</summary>
    public static string ViewerPrefix(ViewerId viewer) => viewer.Value + "#";

    public static string ViewerKey(ViewerId viewer, string visitId) => ViewerPrefix(viewer) + visitId;

    public static Dictionary<string, AttributeValue> Key(GitHubUsername username, string visitId) => new()
    {
        [Table.Username] = S(username.Value),
        [Table.VisitId] = S(visitId),
    };

    public static Dictionary<string, AttributeValue> ToItem(StoredVisit visit)
    {
        var item = Key(visit.Username, visit.VisitId);
        item[Table.ViewerId] = S(visit.Viewer.Value);
        item[Table.ViewerKey] = S(ViewerKey(visit.Viewer, visit.VisitId));
        item[Table.VisitedAt] = Timestamp(visit.VisitedAt);
        item[Table.FromSeq] = N(visit.FromSeq);
        item[Table.ToSeq] = N(visit.ToSeq);
        item[Table.ExpiresAt] = N(visit.ExpiresAt.ToUnixTimeSeconds());
        if (visit.PreviousVisitAt is { } previous)
        {
            item[Table.PreviousVisitAt] = Timestamp(previous);
        }

        return item;
    }

    /// <param name="retention">Gives the expiry of visits stored before visits expired (they have no <c>expiresAt</c>).</param>
    public static StoredVisit FromItem(Dictionary<string, AttributeValue> item, TimeSpan retention)
    {
        var visitedAt = item.RequiredTimestamp(Table.VisitedAt);
        return new StoredVisit(
            GitHubUsername.Parse(item.RequiredString(Table.Username)),
            item.RequiredString(Table.VisitId),
            // Ids from before the UUID rule ("anonymous", "viewer-1") still read; no request can name them any more.
            ViewerId.FromStored(item.RequiredString(Table.ViewerId)),
            item.OptionalTimestamp(Table.PreviousVisitAt),
            visitedAt,
            item.RequiredNumber(Table.FromSeq),
            item.RequiredNumber(Table.ToSeq),
            item.OptionalNumber(Table.ExpiresAt) is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : visitedAt + retention);
    }

    /// <summary>Where the next page of a visit's gists starts: below the last seq shown (the window is read newest first).</summary>
    public static string Cursor(StoredVisit visit, long lastSeq) =>
        PageCursor.Encode(CursorScope(visit), lastSeq.ToString(CultureInfo.InvariantCulture));

    /// <summary>The seq a page of <paramref name="visit"/> continues below.</summary>
    /// <exception cref="InvalidCursorException">Not a cursor of this visit, or outside its window.</exception>
    public static long ParseCursor(StoredVisit visit, string cursor)
    {
        var text = PageCursor.Decode(cursor, CursorScope(visit), keyCount: 1)[0];
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seq) && seq > visit.FromSeq && seq <= visit.ToSeq
            ? seq
            : throw new InvalidCursorException("The cursor is not one this list gave out.");
    }

    private static string CursorScope(StoredVisit visit) => $"visit:{visit.Username.Value}:{visit.VisitId}";
}

/// <summary>A visit as stored: its gists are found again from the (<paramref name="FromSeq"/>, <paramref name="ToSeq"/>] window.</summary>
internal sealed record StoredVisit(
    GitHubUsername Username,
    string VisitId,
    ViewerId Viewer,
    DateTimeOffset? PreviousVisitAt,
    DateTimeOffset VisitedAt,
    long FromSeq,
    long ToSeq,
    DateTimeOffset ExpiresAt)
{
    /// <summary>Seqs are given out one by one and gists stay while the user is tracked: the window holds exactly this many.</summary>
    public int GistCount => (int)(ToSeq - FromSeq);
}
