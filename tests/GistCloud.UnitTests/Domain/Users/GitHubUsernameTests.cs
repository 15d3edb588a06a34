using GistCloud.Core.Domain.Users;

namespace GistCloud.UnitTests.Domain.Users;

public class GitHubUsernameTests
{
    [Theory]
    [InlineData("octocat", "octocat")]
    [InlineData("OctoCat", "octocat")]
    [InlineData("a", "a")]
    [InlineData("a-b-c", "a-b-c")]
    [InlineData("0xDEADBEEF", "0xdeadbeef")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789abc", "abcdefghijklmnopqrstuvwxyz0123456789abc")]
    public void Valid_names_parse_to_lower_case(string text, string expected)
    {
        Assert.True(GitHubUsername.TryParse(text, out var username, out var error));
        Assert.Null(error);
        Assert.Equal(expected, username.Value);
    }

    [Theory]
    [InlineData(null, "required")]
    [InlineData("", "required")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789abcd", "at most 39 characters")]
    [InlineData("-octocat", "cannot start or end with a hyphen")]
    [InlineData("octocat-", "cannot start or end with a hyphen")]
    [InlineData("-", "cannot start or end with a hyphen")]
    [InlineData("octo--cat", "consecutive hyphens")]
    [InlineData("octo_cat", "contains '_'")]
    [InlineData("octo cat", "contains 'U+0020'")]
    [InlineData("octo.cat", "contains '.'")]
    [InlineData("héllo", "contains 'é'")]
    [InlineData("octo/cat", "contains '/'")]
    public void Invalid_names_say_what_is_wrong(string? text, string reason)
    {
        Assert.False(GitHubUsername.TryParse(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("😀", "contains '😀' (U+1F600)")]
    [InlineData("octo😀cat", "contains '😀' (U+1F600)")]
    [InlineData("e\u0301", "contains 'e\u0301' (U+0065 U+0301)")]
    [InlineData("octo\u200bcat", "contains 'U+200B'")]
    public void The_offending_character_is_named_as_itself_and_by_code_point_never_as_U_FFFD(string text, string reason)
    {
        Assert.False(GitHubUsername.TryParse(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.DoesNotContain("FFFD", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lone_surrogate_is_named_by_its_code_unit()
    {
        // Built here, not in [InlineData]: test discovery would turn the lone surrogate into U+FFFD.
        Assert.False(GitHubUsername.TryParse("octo" + (char)0xD800 + "cat", out _, out var error));

        Assert.Contains("contains 'U+D800'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Lengths_count_characters_not_utf16_units()
    {
        var emoji = string.Concat(Enumerable.Repeat("😀", 40)); // 80 UTF-16 units

        Assert.False(GitHubUsername.TryParse(emoji, out _, out var error));
        Assert.Contains("has 40.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shortened_name_never_splits_a_character()
    {
        Assert.False(GitHubUsername.TryParse("a" + string.Concat(Enumerable.Repeat("😀", 60)), out _, out var error));

        Assert.Contains("...", error, StringComparison.Ordinal);
        _ = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetBytes(error); // throws on a lone surrogate
    }

    [Theory]
    [InlineData("octocat")]
    [InlineData("a-b-c")]
    [InlineData("-a")]
    [InlineData("a-")]
    [InlineData("a--b")]
    [InlineData("a_b")]
    [InlineData("héllo")]
    [InlineData("A1")]
    public void The_documented_pattern_agrees_with_the_parser(string text)
    {
        Assert.Equal(GitHubUsername.TryParse(text, out _, out _), System.Text.RegularExpressions.Regex.IsMatch(text, GitHubUsername.Pattern));
    }

    [Fact]
    public void Names_differing_only_in_case_are_equal()
    {
        Assert.Equal(GitHubUsername.Parse("OctoCat"), GitHubUsername.Parse("octocat"));
    }

    [Fact]
    public void Parse_throws_with_the_reason_for_an_invalid_name()
    {
        var error = Assert.Throws<FormatException>(() => GitHubUsername.Parse("a--b"));
        Assert.Contains("consecutive hyphens", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_very_long_invalid_name_is_shortened_in_the_message()
    {
        Assert.False(GitHubUsername.TryParse(new string('x', 500), out _, out var error));
        Assert.Contains("has 500", error, StringComparison.Ordinal);
        Assert.True(error.Length < 200, error);
    }
}
