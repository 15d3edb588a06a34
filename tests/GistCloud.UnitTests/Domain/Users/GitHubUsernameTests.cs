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
