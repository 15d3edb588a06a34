using GistCloud.Core.Domain.Gists;
using GistCloud.Core.Domain.Users;
using GistCloud.Core.Domain.Visits;
using GistCloud.Core.Storage.DynamoDb;
using GistCloud.Core.Storage.Gists;
using GistCloud.Core.Storage.Schema;
using GistCloud.Core.Storage.SyncRuns;
using GistCloud.Core.Storage.Visits;

namespace GistCloud.UnitTests.Storage;

public sealed class StorageKeyTests
{
    [Fact]
    public void A_created_key_is_the_utc_creation_time_to_the_millisecond_then_the_id()
    {
        var createdAt = new DateTimeOffset(2024, 5, 6, 9, 8, 9, 123, TimeSpan.FromHours(2)).AddTicks(4567);

        Assert.Equal("2024-05-06T07:08:09.123Z#abc123", GistItem.CreatedKey(createdAt, "abc123"));
    }

    [Fact]
    public void Created_keys_sort_as_text_in_creation_order()
    {
        var start = new DateTimeOffset(1999, 12, 31, 23, 59, 59, TimeSpan.Zero);
        var keys = new[] { start, start.AddMilliseconds(1), start.AddSeconds(1), start.AddYears(30) }
            .Select(t => GistItem.CreatedKey(t, "x"))
            .ToList();

        Assert.Equal(keys, keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("2024-05-06T07:08:09.123Z#abc123", "abc123")]
    [InlineData("2024-05-06T07:08:09.123Z#1234", "1234")]
    public void A_created_key_from_a_cursor_gives_its_gist_id(string key, string id)
    {
        Assert.True(GistItem.TryParseCreatedKey(key, out var gistId));
        Assert.Equal(id, gistId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("2024-05-06T07:08:09Z#abc")]
    [InlineData("2024-05-06T07:08:09.123Z#")]
    [InlineData("2024-05-06T07:08:09.123Z#a#b")]
    [InlineData("2024-05-06T07:08:09.123Z#abc\n")]
    public void A_malformed_created_key_is_refused(string key)
    {
        Assert.False(GistItem.TryParseCreatedKey(key, out _));
    }

    [Fact]
    public void A_visit_id_is_32_lower_case_hex_digits_ordered_by_time()
    {
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var earlier = VisitItem.NewVisitId(now);
        var later = VisitItem.NewVisitId(now.AddMilliseconds(1));

        Assert.Matches("^[0-9a-f]{32}$", earlier);
        Assert.True(string.CompareOrdinal(earlier, later) < 0);
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789ABCDEF", "0123456789abcdef0123456789abcdef")]
    [InlineData("019b0000000070008000000000000000", "019b0000000070008000000000000000")]
    public void A_visit_id_is_accepted_in_either_case_and_stored_lower_case(string text, string expected)
    {
        Assert.True(VisitItem.TryNormalizeVisitId(text, out var visitId));
        Assert.Equal(expected, visitId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0123456789abcdef0123456789abcde")]
    [InlineData("0123456789abcdef0123456789abcdefa")]
    [InlineData("0123456789abcdef0123456789abcdeg")]
    [InlineData("01234567-89ab-cdef-0123-456789abcdef")]
    public void Anything_but_32_hex_digits_is_not_a_visit_id(string? text)
    {
        Assert.False(VisitItem.TryNormalizeVisitId(text, out _));
    }

    [Fact]
    public void A_viewer_key_starts_with_the_viewer_and_a_separator_no_viewer_id_can_contain()
    {
        Assert.True(ViewerId.TryParse("3b241101-e2bb-4255-8caf-4136c566a962", out var ann, out _));
        Assert.False(ViewerId.TryParse("3b241101-e2bb-4255-8caf-4136c566a96#", out _, out _));

        Assert.Equal("3b241101-e2bb-4255-8caf-4136c566a962#0123", VisitItem.ViewerKey(ann, "0123"));
        Assert.StartsWith(VisitItem.ViewerPrefix(ann), VisitItem.ViewerKey(ann, "0123"), StringComparison.Ordinal);
    }

    [Fact]
    public void Timestamps_round_trip_every_tick_and_sort_as_text()
    {
        var value = new DateTimeOffset(2024, 2, 29, 23, 59, 59, TimeSpan.FromHours(-5)).AddTicks(1234567);
        var text = AttributeValues.FormatTimestamp(value);

        Assert.Equal("2024-03-01T04:59:59.1234567Z", text);
        Assert.Equal(value, AttributeValues.ParseTimestamp(text));
    }

    [Fact]
    public void A_run_id_is_32_lower_case_hex_digits_ordered_by_start_time()
    {
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var earlier = SyncRunStore.NewRunId(now);
        var later = SyncRunStore.NewRunId(now.AddMilliseconds(1));

        Assert.Matches("^[0-9a-f]{32}$", earlier);
        Assert.True(string.CompareOrdinal(earlier, later) < 0);
        Assert.True(SyncRunItem.TryNormalizeRunId(earlier.ToUpperInvariant(), out var normalized));
        Assert.Equal(earlier, normalized);
    }

    [Theory]
    [InlineData(PublishStatus.Pending, "7")]
    [InlineData(PublishStatus.Disabled, null)]
    public void Only_a_gist_stored_pending_enters_the_outbox_under_its_seq(PublishStatus status, string? outboxSeq)
    {
        var gist = new ListedGist("abc", null, "https://gist.github.com/abc", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, []);

        var item = GistItem.ToItem(GitHubUsername.Parse("octocat"), gist, 7, DateTimeOffset.UnixEpoch, status);

        Assert.Equal(outboxSeq, item.GetValueOrDefault(GistCloudTables.Gists.OutboxSeq)?.N);
        Assert.False(item[GistCloudTables.Gists.PipedriveUncertain].BOOL);
    }
}
