using System.Diagnostics.CodeAnalysis;

namespace GistCloud.Core.Domain.Visits;

/// <summary>Who is visiting: an opaque id the client keeps (1–64 letters, digits, '-' or '_').</summary>
public readonly record struct ViewerId
{
    public const int MaxLength = 64;

    public static readonly ViewerId Anonymous = new("anonymous");

    private ViewerId(string value) => Value = value;

    public string Value { get; }

    public override string ToString() => Value;

    public static bool TryParse(
        [NotNullWhen(true)] string? text,
        out ViewerId viewer,
        [NotNullWhen(false)] out string? error)
    {
        viewer = default;
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength)
        {
            error = $"A viewer id has 1 to {MaxLength} characters.";
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
            {
                error = "A viewer id may contain only ASCII letters, digits, '-' and '_'.";
                return false;
            }
        }

        error = null;
        viewer = new ViewerId(text);
        return true;
    }
}
