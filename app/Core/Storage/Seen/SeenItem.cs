using System.Globalization;
using Amazon.DynamoDBv2.Model;
using GistCloud.Core.Domain.Paging;
using GistCloud.Core.Domain.Seen;
using GistCloud.Core.Domain.Users;
using GistCloud.Core.Domain.Visits;
using GistCloud.Core.Storage.DynamoDb;
using static GistCloud.Core.Storage.DynamoDb.AttributeValues;
using Table = GistCloud.Core.Storage.Schema.GistCloudTables.Visits;

namespace GistCloud.Core.Storage.Seen;

/// <summary>How a viewer's seen state of one user is laid out in the visits table (one item per viewer and user).</summary>
internal static class SeenItem
{
    public static string RangeKey(ViewerId viewer) => Table.SeenPrefix + viewer.Value;

    public static Dictionary<string, AttributeValue> Key(GitHubUsername username, ViewerId viewer) => new()
    {
        [Table.Username] = S(username.Value),
        [Table.VisitId] = S(RangeKey(viewer)),
    };

    public static Dictionary<string, AttributeValue> ToItem(GitHubUsername username, ViewerId viewer, StoredSeen seen)
    {
        var item = Key(username, viewer);
        item[Table.SeenThroughSeq] = N(seen.State.ThroughSeq);
        if (seen.State.Seqs.Count > 0)
        {
            // DynamoDB holds no empty sets: an absent attribute is the empty set.
            item[Table.SeenSeqs] = new AttributeValue { NS = [.. seen.State.Seqs.Order().Select(s => s.ToString(CultureInfo.InvariantCulture))] };
        }

        item[Table.TrackedSince] = Timestamp(seen.TrackedSince);
        item[Table.ExpiresAt] = N(seen.ExpiresAt.ToUnixTimeSeconds());
        item[Table.Revision] = N(seen.Revision);
        return item;
    }

    public static StoredSeen FromItem(Dictionary<string, AttributeValue> item) => new(
        new SeenState(
            item.OptionalNumber(Table.SeenThroughSeq) ?? 0,
            item.TryGetValue(Table.SeenSeqs, out var seqs) && seqs.NS is { Count: > 0 } numbers
                ? numbers.Select(n => long.Parse(n, CultureInfo.InvariantCulture)).ToHashSet()
                : new HashSet<long>()),
        item.RequiredTimestamp(Table.TrackedSince),
        DateTimeOffset.FromUnixTimeSeconds(item.RequiredNumber(Table.ExpiresAt)),
        item.OptionalNumber(Table.Revision) ?? 0);

    /// <summary>Where the next page of a viewer's new gists starts: below the last seq shown.</summary>
    public static string Cursor(GitHubUsername username, ViewerId viewer, long lastSeq) =>
        PageCursor.Encode(CursorScope(username, viewer), lastSeq.ToString(CultureInfo.InvariantCulture));

    /// <exception cref="InvalidCursorException">Not a cursor of this viewer's new gists of this user.</exception>
    public static long ParseCursor(GitHubUsername username, ViewerId viewer, string cursor)
    {
        var text = PageCursor.Decode(cursor, CursorScope(username, viewer), keyCount: 1)[0];
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seq) && seq > 0
            ? seq
            : throw new InvalidCursorException("The cursor is not one this list gave out.");
    }

    private static string CursorScope(GitHubUsername username, ViewerId viewer) => $"new:{username.Value}:{viewer.Value}";
}

/// <summary>A seen state as stored: for which tracking of the user (<paramref name="TrackedSince"/>), until when, at which revision.</summary>
internal sealed record StoredSeen(SeenState State, DateTimeOffset TrackedSince, DateTimeOffset ExpiresAt, long Revision)
{
    /// <summary>The state that counts for <paramref name="user"/> now: none when expired or written for an earlier tracking.</summary>
    public SeenState StateFor(TrackedUser user, DateTimeOffset now) =>
        TrackedSince == user.AddedAt && ExpiresAt > now ? State : SeenState.None;
}
