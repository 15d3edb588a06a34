using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GistCloud.Core.Domain.Paging;

namespace GistCloud.Core.Storage.DynamoDb;

/// <summary>
/// Opaque page cursors: base64url of a small JSON document holding the sort-key values where the next page
/// starts and a check hash over those values and the list they belong to ("gists of U"). The partition key is
/// never in it: stores rebuild it from the request, and the hash makes a cursor of another list, or an edited
/// one, fail instead of reading elsewhere. The hash has no secret: a deliberate forgery can only start a list
/// the caller may read anyway at another point.
/// </summary>
internal static class PageCursor
{
    private const int Version = 1;
    private const int MaxLength = 2048;

    public static string Encode(string scope, params IReadOnlyList<string> keys)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("v", Version);
            writer.WriteString("h", CheckHash(scope, keys));
            writer.WriteStartArray("k");
            foreach (var key in keys)
            {
                writer.WriteStringValue(key);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Base64Url.EncodeToString(buffer.ToArray());
    }

    /// <summary>The <paramref name="keyCount"/> key values of a cursor made for <paramref name="scope"/>.</summary>
    /// <exception cref="InvalidCursorException">Not base64url JSON of this shape, or made for another list.</exception>
    public static IReadOnlyList<string> Decode(string cursor, string scope, int keyCount)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        if (cursor.Length is 0 or > MaxLength || !Base64Url.IsValid(cursor))
        {
            throw Invalid();
        }

        try
        {
            using var document = JsonDocument.Parse(Base64Url.DecodeFromChars(cursor));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("v", out var version) || version.ValueKind != JsonValueKind.Number || version.GetInt32() != Version
                || !root.TryGetProperty("h", out var hash) || hash.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("k", out var keys) || keys.ValueKind != JsonValueKind.Array || keys.GetArrayLength() != keyCount)
            {
                throw Invalid();
            }

            var values = new List<string>(keyCount);
            foreach (var key in keys.EnumerateArray())
            {
                if (key.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(key.GetString()))
                {
                    throw Invalid();
                }

                values.Add(key.GetString()!);
            }

            if (hash.GetString() != CheckHash(scope, values))
            {
                throw new InvalidCursorException("The cursor belongs to another list, or was altered.");
            }

            return values;
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw Invalid();
        }
    }

    private static InvalidCursorException Invalid() => new("The cursor is not one this list gave out.");

    // 64 bits of SHA-256 catch mix-ups and edits; it is not a signature. NUL cannot occur in scopes or keys.
    private static string CheckHash(string scope, IEnumerable<string> keys) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\0', keys.Prepend(scope)))).AsSpan(0, 8));
}
