using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace GistCloud.Core.Storage.DynamoDb;

/// <summary>Conversions between .NET values and DynamoDB attribute values, in the formats every table uses.</summary>
internal static class AttributeValues
{
    /// <summary>UTC with 7 fractional digits: sorts as text and keeps every tick of a DateTimeOffset.</summary>
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static AttributeValue S(string value) => new() { S = value };

    public static AttributeValue N(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    public static AttributeValue Bool(bool value) => new() { BOOL = value };

    public static AttributeValue Timestamp(DateTimeOffset value) => S(FormatTimestamp(value));

    public static string FormatTimestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTimestamp(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>Adds <paramref name="name"/> only when it has a value: DynamoDB items hold no nulls.</summary>
    public static void SetIfNotNull(this Dictionary<string, AttributeValue> item, string name, string? value)
    {
        if (value is not null)
        {
            item[name] = S(value);
        }
    }

    public static string RequiredString(this Dictionary<string, AttributeValue> item, string name) =>
        item.OptionalString(name) ?? throw new InvalidDataException($"Stored item has no string attribute '{name}'.");

    public static string? OptionalString(this Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) ? value.S : null;

    public static long RequiredNumber(this Dictionary<string, AttributeValue> item, string name) =>
        item.OptionalNumber(name) ?? throw new InvalidDataException($"Stored item has no number attribute '{name}'.");

    public static long? OptionalNumber(this Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && value.N is not null ? long.Parse(value.N, CultureInfo.InvariantCulture) : null;

    public static bool? OptionalBool(this Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) ? value.BOOL : null;

    public static DateTimeOffset RequiredTimestamp(this Dictionary<string, AttributeValue> item, string name) =>
        ParseTimestamp(item.RequiredString(name));

    public static DateTimeOffset? OptionalTimestamp(this Dictionary<string, AttributeValue> item, string name) =>
        item.OptionalString(name) is { } text ? ParseTimestamp(text) : null;
}
