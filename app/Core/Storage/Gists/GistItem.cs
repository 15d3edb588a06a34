using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using Amazon.DynamoDBv2.Model;
using GistCloud.Core.Domain.Gists;
using GistCloud.Core.Domain.Users;
using GistCloud.Core.Storage.DynamoDb;
using static GistCloud.Core.Storage.DynamoDb.AttributeValues;
using Table = GistCloud.Core.Storage.Schema.GistCloudTables.Gists;

namespace GistCloud.Core.Storage.Gists;

/// <summary>How a <see cref="Gist"/> is laid out in the gists table.</summary>
internal static partial class GistItem
{
    public static Dictionary<string, AttributeValue> Key(GitHubUsername owner, string gistId) => new()
    {
        [Table.Username] = S(owner.Value),
        [Table.GistId] = S(gistId),
    };

    /// <summary>Sort key of the by-created index: creation time to the millisecond, then the id so equal times stay unique.</summary>
    public static string CreatedKey(DateTimeOffset createdAt, string gistId) =>
        createdAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) + "#" + gistId;

    /// <summary>Checks a created key that came back in a cursor, and gives the gist id it ends with.</summary>
    public static bool TryParseCreatedKey(string text, [NotNullWhen(true)] out string? gistId)
    {
        var match = CreatedKeyPattern().Match(text);
        gistId = match.Success ? match.Groups["id"].Value : null;
        return gistId is not null;
    }

    public static Dictionary<string, AttributeValue> ToItem(GitHubUsername owner, ListedGist gist, long seq, DateTimeOffset discoveredAt, PublishStatus status)
    {
        var item = Key(owner, gist.Id);
        item[Table.Seq] = N(seq);
        item[Table.CreatedKey] = S(CreatedKey(gist.CreatedAt, gist.Id));
        item[Table.HtmlUrl] = S(gist.HtmlUrl);
        item[Table.CreatedAt] = Timestamp(gist.CreatedAt);
        item[Table.UpdatedAt] = Timestamp(gist.UpdatedAt);
        item[Table.DiscoveredAt] = Timestamp(discoveredAt);
        item[Table.PipedriveStatus] = S(StatusText(status));
        item[Table.PipedriveAttempts] = N(0);
        item[Table.PipedriveUncertain] = Bool(false);
        if (status == PublishStatus.Pending)
        {
            item[Table.OutboxSeq] = N(seq);
        }

        item[Table.Files] = Files(gist.Files);
        item.SetIfNotNull(Table.Description, gist.Description);
        return item;
    }

    public static Gist FromItem(Dictionary<string, AttributeValue> item) => new(
        item.RequiredString(Table.GistId),
        GitHubUsername.Parse(item.RequiredString(Table.Username)),
        item.OptionalString(Table.Description),
        item.RequiredString(Table.HtmlUrl),
        item.RequiredTimestamp(Table.CreatedAt),
        item.RequiredTimestamp(Table.UpdatedAt),
        item.RequiredTimestamp(Table.DiscoveredAt),
        item.TryGetValue(Table.Files, out var files) && files.L is not null ? [.. files.L.Select(FileFromMap)] : [],
        PipedriveStateFromItem(item),
        item.RequiredNumber(Table.Seq));

    public static PipedriveState PipedriveStateFromItem(Dictionary<string, AttributeValue> item) => new(
        ParseStatus(item.RequiredString(Table.PipedriveStatus)),
        item.OptionalNumber(Table.PipedriveItemId),
        item.OptionalString(Table.PipedriveError),
        (int)(item.OptionalNumber(Table.PipedriveAttempts) ?? 0),
        item.OptionalBool(Table.PipedriveUncertain) ?? false);

    public static AttributeValue Files(IReadOnlyList<GistFile> files) => new() { L = [.. files.Select(FileToMap)] };

    public static string StatusText(PublishStatus status) => status switch
    {
        PublishStatus.Pending => "pending",
        PublishStatus.Published => "published",
        PublishStatus.Failed => "failed",
        PublishStatus.Disabled => "disabled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown publish status."),
    };

    private static PublishStatus ParseStatus(string text) => text switch
    {
        "pending" => PublishStatus.Pending,
        "published" => PublishStatus.Published,
        "failed" => PublishStatus.Failed,
        "disabled" => PublishStatus.Disabled,
        _ => throw new InvalidDataException($"Unknown stored publish status '{text}'."),
    };

    private static AttributeValue FileToMap(GistFile file)
    {
        var map = new Dictionary<string, AttributeValue>
        {
            [Table.FileName] = S(file.Filename),
            [Table.FileSize] = N(file.Size),
        };
        map.SetIfNotNull(Table.FileLanguage, file.Language);
        map.SetIfNotNull(Table.FileRawUrl, file.RawUrl);
        return new AttributeValue { M = map };
    }

    private static GistFile FileFromMap(AttributeValue value) => new(
        value.M.RequiredString(Table.FileName),
        value.M.OptionalString(Table.FileLanguage),
        value.M.OptionalString(Table.FileRawUrl),
        value.M.OptionalNumber(Table.FileSize) ?? 0);

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z#(?<id>[A-Za-z0-9_-]{1,128})\z", RegexOptions.CultureInvariant)]
    private static partial Regex CreatedKeyPattern();
}
