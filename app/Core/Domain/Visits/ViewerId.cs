using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace GistCloud.Core.Domain.Visits;

/// <summary>
/// Who is visiting: a random UUID (RFC 9562 version 4, 122 random bits), so nobody can guess another viewer's id and
/// read or consume their "new". Clients make one with <c>crypto.randomUUID()</c>; the server issues one when none is sent.
/// A signed-in person is instead the viewer <see cref="ForPerson"/> derives from their token, the same in every browser.
/// </summary>
public readonly partial record struct ViewerId
{
    /// <summary>A version 4 UUID in canonical 8-4-4-4-12 hex form, either case (the variant nibble is 8, 9, a or b).</summary>
    public const string Pattern = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$";

    public const int Length = 36;

    private ViewerId(string value) => Value = value;

    /// <summary>The id, lower-case; ids stored before the UUID rule keep their old form (read-only legacy values).</summary>
    public string Value { get; }

    public override string ToString() => Value;

    /// <summary>A fresh version 4 UUID from the cryptographic random number generator.</summary>
    public static ViewerId New()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40); // version 4
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // variant 10xx (RFC 9562)
        return new ViewerId(FormatCanonical(bytes));
    }

    /// <summary>Accepts a version 4 UUID (canonical form, any case) and keeps it lower-case.</summary>
    public static bool TryParse(
        [NotNullWhen(true)] string? text,
        out ViewerId viewer,
        [NotNullWhen(false)] out string? error)
    {
        if (text is { Length: Length } && UuidV4().IsMatch(text))
        {
            viewer = new ViewerId(text.ToLowerInvariant());
            error = null;
            return true;
        }

        viewer = default;
        error = "A viewer id is a random UUID (version 4) such as crypto.randomUUID() makes: 8-4-4-4-12 hex digits, e.g. 3b241101-e2bb-4255-8caf-4136c566a962.";
        return false;
    }

    /// <summary>
    /// A viewer id as stored, without the UUID rule: visits recorded before it carry ids such as "anonymous" or
    /// "viewer-1", which must still read. No request can reach such a viewer, since <see cref="TryParse"/> refuses them.
    /// </summary>
    public static ViewerId FromStored(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        return new ViewerId(value);
    }

    /// <summary>
    /// A signed-in person's viewer id: a name-based UUID (RFC 9562 version 8) of the provider and subject, so the same
    /// person is the same viewer in every browser. <see cref="TryParse"/> accepts only version 4, so no header can name it.
    /// </summary>
    public static ViewerId ForPerson(string issuer, string subject)
    {
        ArgumentException.ThrowIfNullOrEmpty(issuer);
        ArgumentException.ThrowIfNullOrEmpty(subject);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"gistcloud-viewer\n{issuer}\n{subject}"), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // variant 10xx (RFC 9562)
        return new ViewerId(FormatCanonical(bytes));
    }

    private static string FormatCanonical(ReadOnlySpan<byte> bytes)
    {
        var hex = Convert.ToHexStringLower(bytes);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex UuidV4();
}
