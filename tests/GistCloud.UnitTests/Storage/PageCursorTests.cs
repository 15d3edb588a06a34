using System.Buffers.Text;
using System.Text;
using GistCloud.Core.Domain.Paging;
using GistCloud.Core.Storage.DynamoDb;

namespace GistCloud.UnitTests.Storage;

public sealed class PageCursorTests
{
    [Fact]
    public void A_cursor_decodes_to_the_keys_it_was_made_from()
    {
        var cursor = PageCursor.Encode("gists:octocat", "2024-01-01T00:00:00.000Z#abc");

        Assert.Equal(["2024-01-01T00:00:00.000Z#abc"], PageCursor.Decode(cursor, "gists:octocat", keyCount: 1));
    }

    [Fact]
    public void A_cursor_is_url_safe_and_never_holds_the_list_owner()
    {
        var cursor = PageCursor.Encode("gists:octocat", "2024-01-01T00:00:00.000Z#abc");

        Assert.Matches("^[A-Za-z0-9_-]+$", cursor);
        Assert.DoesNotContain("octocat", Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_cursor_of_another_list_is_rejected()
    {
        var cursor = PageCursor.Encode("gists:alice", "2024-01-01T00:00:00.000Z#abc");

        Assert.Throws<InvalidCursorException>(() => PageCursor.Decode(cursor, "gists:bob", keyCount: 1));
    }

    [Fact]
    public void A_cursor_with_an_edited_key_is_rejected()
    {
        var json = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(PageCursor.Encode("users", "alice")));
        var edited = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json.Replace("alice", "bob", StringComparison.Ordinal)));

        Assert.Throws<InvalidCursorException>(() => PageCursor.Decode(edited, "users", keyCount: 1));
    }

    [Fact]
    public void Every_single_character_change_of_a_cursor_is_rejected()
    {
        var cursor = PageCursor.Encode("users", "alice");

        for (var i = 0; i < cursor.Length; i++)
        {
            var changed = cursor[..i] + (cursor[i] == 'x' ? 'y' : 'x') + cursor[(i + 1)..];
            Assert.Throws<InvalidCursorException>(() => PageCursor.Decode(changed, "users", keyCount: 1));
        }
    }

    [Fact]
    public void A_cursor_with_another_number_of_keys_is_rejected()
    {
        var cursor = PageCursor.Encode("users", "alice", "bob");

        Assert.Throws<InvalidCursorException>(() => PageCursor.Decode(cursor, "users", keyCount: 1));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("AAAA")]
    [InlineData("e30")] // {}
    [InlineData("WyJhIl0")] // ["a"]
    [InlineData("eyJ2IjoyLCJoIjoiMDAiLCJrIjpbImEiXX0")] // version 2
    [InlineData("eyJ2IjoxLCJoIjoxLCJrIjpbImEiXX0")] // hash is a number
    [InlineData("eyJ2IjoxLCJoIjoiMDAiLCJrIjpbMV19")] // key is a number
    public void Garbage_is_rejected_as_an_invalid_cursor(string cursor)
    {
        Assert.Throws<InvalidCursorException>(() => PageCursor.Decode(cursor, "users", keyCount: 1));
    }

    [Fact]
    public void An_oversized_cursor_is_rejected_without_decoding()
    {
        Assert.Throws<InvalidCursorException>(() => PageCursor.Decode(new string('A', 10_000), "users", keyCount: 1));
    }
}
