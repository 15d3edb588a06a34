using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace GistCloud.Fakes.Sqs;

/// <summary>The digests SQS returns and the SDK checks: a wrong one makes the SDK throw "MD5 hash mismatch".</summary>
[SuppressMessage("Security", "CA5351", Justification = "SQS defines these digests as MD5; they check integrity, not secrecy.")]
internal static class FakeSqsMd5
{
    public static string OfBody(string body) => Hex(MD5.HashData(Encoding.UTF8.GetBytes(body)));

    /// <summary>
    /// SQS's documented message-attribute digest: attributes sorted by name, each as length-prefixed (4-byte big-endian)
    /// name and data type, a transport byte (1 string/number, 2 binary), then the length-prefixed value.
    /// </summary>
    public static string? OfAttributes(IReadOnlyDictionary<string, FakeSqsMessageAttributeValue> attributes)
    {
        if (attributes.Count == 0)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        foreach (var (name, attribute) in attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            WriteLengthPrefixed(buffer, Encoding.UTF8.GetBytes(name));
            WriteLengthPrefixed(buffer, Encoding.UTF8.GetBytes(attribute.DataType));
            if (attribute.BinaryValue is { } binary)
            {
                buffer.WriteByte(2);
                WriteLengthPrefixed(buffer, binary);
            }
            else
            {
                buffer.WriteByte(1);
                WriteLengthPrefixed(buffer, Encoding.UTF8.GetBytes(attribute.StringValue ?? ""));
            }
        }

        return Hex(MD5.HashData(buffer.ToArray()));
    }

    private static void WriteLengthPrefixed(MemoryStream buffer, byte[] bytes)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        buffer.Write(length);
        buffer.Write(bytes);
    }

    private static string Hex(byte[] hash) => Convert.ToHexStringLower(hash);
}

/// <summary>A message attribute as sent: <c>String</c>/<c>Number</c> types carry <see cref="StringValue"/>, <c>Binary</c> <see cref="BinaryValue"/>.</summary>
public sealed record FakeSqsMessageAttributeValue(string DataType, string? StringValue, byte[]? BinaryValue);
