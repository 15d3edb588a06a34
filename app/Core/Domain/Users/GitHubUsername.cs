using System.Diagnostics.CodeAnalysis;

namespace GistCloud.Core.Domain.Users;

/// <summary>
/// A GitHub login as GitHub allows it: 1–39 ASCII letters, digits and single hyphens, not
/// starting or ending with a hyphen. Matched case-insensitively, so it is kept lower-case.
/// </summary>
public readonly record struct GitHubUsername
{
    public const int MaxLength = 39;

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

        if (text.Length > MaxLength)
        {
            return $"A GitHub username has at most {MaxLength} characters; '{Shorten(text)}' has {text.Length}.";
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                return $"A GitHub username may contain only ASCII letters, digits and hyphens; '{Shorten(text)}' contains '{Printable(c)}'.";
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

    private static string Shorten(string text) => text.Length <= 50 ? text : string.Concat(text.AsSpan(0, 47), "...");

    private static string Printable(char c) => char.IsControl(c) || char.IsWhiteSpace(c) ? $"U+{(int)c:X4}" : c.ToString();
}
