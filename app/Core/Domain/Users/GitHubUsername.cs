using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace GistCloud.Core.Domain.Users;

/// <summary>
/// A GitHub login as GitHub allows it: 1–39 ASCII letters, digits and single hyphens, not
/// starting or ending with a hyphen. Matched case-insensitively, so it is kept lower-case.
/// </summary>
public readonly record struct GitHubUsername
{
    public const int MaxLength = 39;

    /// <summary>The same rule as a regular expression, for documents such as OpenAPI (lengths apart: 1 to <see cref="MaxLength"/>).</summary>
    public const string Pattern = "^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$";

    private const int ShortenAt = 50;

    private GitHubUsername(string value) => Value = value;

    public string Value { get; }

    public override string ToString() => Value;

    public static GitHubUsername Parse(string text) =>
        TryParse(text, out var username, out var error)
            ? username
            : throw new FormatException(error);

    /// <summary>Validates <paramref name="text"/>; on failure <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(
        [NotNullWhen(true)] string? text,
        out GitHubUsername username,
        [NotNullWhen(false)] out string? error)
    {
        username = default;
        error = Validate(text);
        if (error is not null)
        {
            return false;
        }

        username = new GitHubUsername(text!.ToLowerInvariant());
        return true;
    }

    private static string? Validate(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "A GitHub username is required.";
        }

        // Characters are text elements (what a reader counts: an emoji or an accented letter is one), not UTF-16 units.
        var length = new StringInfo(text).LengthInTextElements;
        if (length > MaxLength)
        {
            return $"A GitHub username has at most {MaxLength} characters; '{Shorten(text)}' has {length}.";
        }

        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            if (element.Length != 1 || (!char.IsAsciiLetterOrDigit(element[0]) && element[0] != '-'))
            {
                return $"A GitHub username may contain only ASCII letters, digits and hyphens; '{Shorten(text)}' contains {Describe(element)}.";
            }
        }

        if (text[0] == '-' || text[^1] == '-')
        {
            return $"A GitHub username cannot start or end with a hyphen: '{text}'.";
        }

        if (text.Contains("--", StringComparison.Ordinal))
        {
            return $"A GitHub username cannot contain consecutive hyphens: '{text}'.";
        }

        return null;
    }

    /// <summary>At most <see cref="ShortenAt"/> text elements, never cutting a surrogate pair or a combined character apart.</summary>
    private static string Shorten(string text)
    {
        var info = new StringInfo(text);
        return info.LengthInTextElements <= ShortenAt ? text : info.SubstringByTextElements(0, ShortenAt - 3) + "...";
    }

    /// <summary>'😀' (U+1F600), 'é' (U+0065 U+0301), U+0020: the character as itself where it prints, always with its code points.</summary>
    private static string Describe(string element)
    {
        var codePoints = new List<string>();
        var printable = true;
        for (var index = 0; index < element.Length;)
        {
            if (Rune.DecodeFromUtf16(element.AsSpan(index), out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                // A lone surrogate is no character at all: name the code unit, never U+FFFD.
                codePoints.Add($"U+{(int)element[index]:X4}");
                printable = false;
                index++;
                continue;
            }

            codePoints.Add($"U+{rune.Value:X4}");
            printable &= !Rune.IsControl(rune) && !Rune.IsWhiteSpace(rune)
                && Rune.GetUnicodeCategory(rune) is not (UnicodeCategory.Format or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned);
            index += consumed;
        }

        var names = string.Join(' ', codePoints);
        return printable ? $"'{element}' ({names})" : $"'{names}'";
    }
}
