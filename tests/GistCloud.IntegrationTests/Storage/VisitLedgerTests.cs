using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using GistCloud.Core.Domain.Paging;
using GistCloud.Core.Domain.Visits;
using GistCloud.IntegrationTests.Infrastructure;

namespace GistCloud.IntegrationTests.Storage;

public sealed class VisitLedgerTests(StorageFixture fixture) : IClassFixture<StorageFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_first_visit_returns_every_gist_newest_discovered_first()
    {
        var owner = await fixture.Users.AddUserAsync();
        await fixture.Gists.AddAsync(owner, TestData.Gists(3, "old"));
        await fixture.Gists.AddAsync(owner, TestData.Gists(2, "new"));
        var first = ViewerId.New();

        var visit = await fixture.Visits.RecordAsync(owner, first, PageRequest.DefaultLimit, None);

        Assert.NotNull(visit);
        Assert.Equal(["new0001", "new0000", "old0002", "old0001", "old0000"], visit.Gists.Select(g => g.Id));
        Assert.Null(visit.PreviousVisitAt);
        Assert.Equal((owner, first), (visit.Username, visit.ViewerId));
        Assert.Matches("^[0-9a-f]{32}$", visit.VisitId);
    }

    [Fact]
    public async Task A_second_visit_returns_only_the_gists_stored_since_the_first()
    {
        var owner = await fixture.Users.AddUserAsync();
        var viewer = ViewerId.New();
        await fixture.Gists.AddAsync(owner, TestData.Gists(3, "old"));
        var first = await fixture.Visits.RecordAsync(owner, viewer, PageRequest.DefaultLimit, None);
        await fixture.Gists.AddAsync(owner, [.. TestData.Gists(3, "old"), .. TestData.Gists(2, "new")]);

        var second = await fixture.Visits.RecordAsync(owner, viewer, PageRequest.DefaultLimit, None);
        var third = await fixture.Visits.RecordAsync(owner, viewer, PageRequest.DefaultLimit, None);

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.NotNull(third);
        Assert.Equal(["new0001", "new0000"], second.Gists.Select(g => g.Id));
        Assert.Equal(first.VisitedAt, second.PreviousVisitAt);
        Assert.Empty(third.Gists);
        Assert.Equal(second.VisitedAt, third.PreviousVisitAt);
    }

    [Fact]
    public async Task Two_viewers_see_new_gists_independently()
    {
        var owner = await fixture.Users.AddUserAsync();
        await fixture.Gists.AddAsync(owner, TestData.Gists(2, "a"));
        var (earlyViewer, lateViewer) = (ViewerId.New(), ViewerId.New());
        await fixture.Visits.RecordAsync(owner, earlyViewer, PageRequest.DefaultLimit, None);
        await fixture.Gists.AddAsync(owner, TestData.Gists(1, "b"));

        var late = await fixture.Visits.RecordAsync(owner, lateViewer, PageRequest.DefaultLimit, None);
        var early = await fixture.Visits.RecordAsync(owner, earlyViewer, PageRequest.DefaultLimit, None);

        Assert.NotNull(late);
        Assert.NotNull(early);
        Assert.Equal(["b0000", "a0001", "a0000"], late.Gists.Select(g => g.Id));
        Assert.Equal(["b0000"], early.Gists.Select(g => g.Id));
    }

    [Fact]
    public async Task A_viewer_id_sent_in_upper_case_is_the_same_viewer()
    {
        var owner = await fixture.Users.AddUserAsync();
        await fixture.Gists.AddAsync(owner, TestData.Gists(2));
        var viewer = ViewerId.New();
        await fixture.Visits.RecordAsync(owner, viewer, PageRequest.DefaultLimit, None);

        var again = await fixture.Visits.RecordAsync(owner, Viewer(viewer.Value.ToUpperInvariant()), PageRequest.DefaultLimit, None);

        Assert.NotNull(again);
        Assert.Empty(again.Gists);
    }

    [Fact]
    public async Task Finding_a_visit_again_returns_the_same_gists_even_after_more_were_stored()
    {
        var owner = await fixture.Users.AddUserAsync();
        var viewer = ViewerId.New();
        await fixture.Gists.AddAsync(owner, TestData.Gists(2, "a"));
        await fixture.Visits.RecordAsync(owner, viewer, PageRequest.DefaultLimit, None);
        await fixture.Gists.AddAsync(owner, TestData.Gists(3, "b"));
        var recorded = await fixture.Visits.RecordAsync(owner, viewer, PageRequest.DefaultLimit, None);
        await fixture.Gists.AddAsync(owner, TestData.Gists(2, "c"));
        Assert.NotNull(recorded);

        var found = await fixture.Visits.FindAsync(owner, recorded.VisitId.ToUpperInvariant(), new PageRequest(), None);

        Assert.NotNull(found);
        Assert.Equal(recorded with { Gists = [] }, found with { Gists = [] });
        Assert.Equal(["b0002", "b0001", "b0000"], found.Gists.Select(g => g.Id));
        Assert.Equal(recorded.Gists.Select(Summary), found.Gists.Select(Summary));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-visit")]
    [InlineData("0123456789abcdef0123456789abcdeg")]
    [InlineData("0123456789abcdef0123456789abcdef0")]
    [InlineData("../../users")]
    public async Task A_malformed_visit_id_is_not_found(string visitId)
    {
        var owner = await fixture.Users.AddUserAsync();

        Assert.Null(await fixture.Visits.FindAsync(owner, visitId, new PageRequest(), None));
    }

    [Fact]
    public async Task An_unknown_visit_or_another_users_visit_is_not_found()
    {
        var owner = await fixture.Users.AddUserAsync();
        var other = await fixture.Users.AddUserAsync();
        var visit = await fixture.Visits.RecordAsync(owner, ViewerId.New(), PageRequest.DefaultLimit, None);
        Assert.NotNull(visit);

        Assert.Null(await fixture.Visits.FindAsync(owner, Guid.CreateVersion7().ToString("N"), new PageRequest(), None));
        Assert.Null(await fixture.Visits.FindAsync(other, visit.VisitId, new PageRequest(), None));
    }

    [Fact]
    public async Task Recording_a_visit_of_an_untracked_user_returns_null_and_stores_nothing()
    {
        var stranger = TestData.NewUsername();

        Assert.Null(await fixture.Visits.RecordAsync(stranger, ViewerId.New(), PageRequest.DefaultLimit, None));

        Assert.Equal(0, await StorageTestOperations.CountItemsAsync(fixture.Services, "visits", stranger));
    }

    [Fact]
    public async Task A_visit_with_more_gists_than_a_page_is_read_page_by_page_with_its_total()
    {
        var owner = await fixture.Users.AddUserAsync();
        await fixture.Gists.AddAsync(owner, TestData.Gists(7, "a"));
        var viewer = ViewerId.New();
        await fixture.Visits.RecordAsync(owner, viewer, PageRequest.DefaultLimit, None);
        await fixture.Gists.AddAsync(owner, [.. TestData.Gists(7, "a"), .. TestData.Gists(5, "b")]);

        var visit = await fixture.Visits.RecordAsync(owner, viewer, 2, None);

        Assert.NotNull(visit);
        Assert.Equal(5, visit.GistCount);
        Assert.Equal(["b0004", "b0003"], visit.Gists.Select(g => g.Id));
        var seen = visit.Gists.Select(g => g.Id).ToList();
        for (var cursor = visit.NextCursor; cursor is not null;)
        {
            var page = await fixture.Visits.FindAsync(owner, visit.VisitId, new PageRequest(2, cursor), None);
            Assert.NotNull(page);
            Assert.Equal(5, page.GistCount);
            seen.AddRange(page.Gists.Select(g => g.Id));
            cursor = page.NextCursor;
        }

        Assert.Equal(["b0004", "b0003", "b0002", "b0001", "b0000"], seen);
        var exact = await fixture.Visits.FindAsync(owner, visit.VisitId, new PageRequest(5), None);
        Assert.Null(exact?.NextCursor);
    }

    [Fact]
    public async Task A_cursor_of_another_visit_is_refused()
    {
        var owner = await fixture.Users.AddUserAsync();
        await fixture.Gists.AddAsync(owner, TestData.Gists(3));
        var first = await fixture.Visits.RecordAsync(owner, ViewerId.New(), 1, None);
        var second = await fixture.Visits.RecordAsync(owner, ViewerId.New(), 1, None);
        Assert.NotNull(first?.NextCursor);
        Assert.NotNull(second);

        await Assert.ThrowsAsync<InvalidCursorException>(
            () => fixture.Visits.FindAsync(owner, second.VisitId, new PageRequest(1, first.NextCursor), None));
    }

    [Fact]
    public async Task A_visit_is_stored_with_its_expiry_in_epoch_seconds_for_the_tables_ttl()
    {
        var owner = await fixture.Users.AddUserAsync();
        var visit = await fixture.Visits.RecordAsync(owner, ViewerId.New(), PageRequest.DefaultLimit, None);
        Assert.NotNull(visit);

        var item = await StorageTestOperations.GetVisitItemAsync(fixture.Services, owner, visit.VisitId);

        Assert.NotNull(item);
        Assert.Equal((visit.VisitedAt + TimeSpan.FromDays(90)).ToUnixTimeSeconds(), long.Parse(item["expiresAt"].N, CultureInfo.InvariantCulture));
        var ttl = await fixture.DynamoDb.DescribeTimeToLiveAsync(new DescribeTimeToLiveRequest { TableName = fixture.TablePrefix + "visits" });
        Assert.Equal(TimeToLiveStatus.ENABLED, ttl.TimeToLiveDescription.TimeToLiveStatus);
        Assert.Equal("expiresAt", ttl.TimeToLiveDescription.AttributeName);
    }

    [Fact]
    public async Task A_visit_stored_before_viewer_ids_were_uuids_still_reads()
    {
        var owner = await fixture.Users.AddUserAsync();
        await fixture.Gists.AddAsync(owner, TestData.Gists(2));
        var visitId = Guid.CreateVersion7().ToString("N");
        await fixture.DynamoDb.PutItemAsync(new PutItemRequest
        {
            TableName = fixture.TablePrefix + "visits",
            Item = new()
            {
                ["username"] = new AttributeValue { S = owner.Value },
                ["visitId"] = new AttributeValue { S = visitId },
                ["viewerId"] = new AttributeValue { S = "anonymous" },
                ["viewerKey"] = new AttributeValue { S = "anonymous#" + visitId },
                ["visitedAt"] = new AttributeValue { S = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture) },
                ["fromSeq"] = new AttributeValue { N = "0" },
                ["toSeq"] = new AttributeValue { N = "2" },
            },
        });

        var found = await fixture.Visits.FindAsync(owner, visitId, new PageRequest(), None);

        Assert.NotNull(found);
        Assert.Equal("anonymous", found.ViewerId.Value);
        Assert.Equal(2, found.GistCount);
    }

    // Gist holds its files in a list, which records compare by reference: compare what matters instead.
    private static string Summary(GistCloud.Core.Domain.Gists.Gist gist) =>
        $"{gist.Id} {gist.DiscoveredAt:O} {gist.Description} {string.Join(",", gist.Files.Select(f => f.Filename))} {gist.Pipedrive}";

    private static ViewerId Viewer(string id) =>
        ViewerId.TryParse(id, out var viewer, out var error) ? viewer : throw new ArgumentException(error, nameof(id));
}
