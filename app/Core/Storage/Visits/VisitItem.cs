using System.Diagnostics.CodeAnalysis;
using Amazon.DynamoDBv2.Model;
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
        if (visit.PreviousVisitAt is { } previous)
        {
            item[Table.PreviousVisitAt] = Timestamp(previous);
        }

        return item;
    }

    public static StoredVisit FromItem(Dictionary<string, AttributeValue> item)
    {
        var viewerText = item.RequiredString(Table.ViewerId);
        if (!ViewerId.TryParse(viewerText, out var viewer, out var error))
        {
            throw new InvalidDataException($"Stored visit has an invalid viewer id: {error}");
        }

        return new StoredVisit(
            GitHubUsername.Parse(item.RequiredString(Table.Username)),
            item.RequiredString(Table.VisitId),
            viewer,
            item.OptionalTimestamp(Table.PreviousVisitAt),
            item.RequiredTimestamp(Table.VisitedAt),
            item.RequiredNumber(Table.FromSeq),
            item.RequiredNumber(Table.ToSeq));
    }
}

/// <summary>A visit as stored: its gists are found again from the (<paramref name="FromSeq"/>, <paramref name="ToSeq"/>] window.</summary>
internal sealed record StoredVisit(
    GitHubUsername Username,
    string VisitId,
    ViewerId Viewer,
    DateTimeOffset? PreviousVisitAt,
    DateTimeOffset VisitedAt,
    long FromSeq,
    long ToSeq);
