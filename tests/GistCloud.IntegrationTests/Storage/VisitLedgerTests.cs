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

        var visit = await fixture.Visits.RecordAsync(owner, Viewer("first"), None);

        Assert.NotNull(visit);
        Assert.Equal(["new0001", "new0000", "old0002", "old0001", "old0000"], visit.Gists.Select(g => g.Id));
        Assert.Null(visit.PreviousVisitAt);
        Assert.Equal((owner, Viewer("first")), (visit.Username, visit.ViewerId));
        Assert.Matches("^[0-9a-f]{32}$", visit.VisitId);
    }

    [Fact]
    public async Task A_second_visit_returns_only_the_gists_stored_since_the_first()
    {
        var owner = await fixture.Users.AddUserAsync();
        var viewer = Viewer("returning");
        await fixture.Gists.AddAsync(owner, TestData.Gists(3, "old"));
        var first = await fixture.Visits.RecordAsync(owner, viewer, None);
        await fixture.Gists.AddAsync(owner, [.. TestData.Gists(3, "old"), .. TestData.Gists(2, "new")]);

        var second = await fixture.Visits.RecordAsync(owner, viewer, None);
        var third = await fixture.Visits.RecordAsync(owner, viewer, None);

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
        await fixture.Visits.RecordAsync(owner, Viewer("early"), None);
        await fixture.Gists.AddAsync(owner, TestData.Gists(1, "b"));

        var late = await fixture.Visits.RecordAsync(owner, Viewer("late"), None);
        var early = await fixture.Visits.RecordAsync(owner, Viewer("early"), None);
        var anonymous = await fixture.Visits.RecordAsync(owner, ViewerId.Anonymous, None);

        Assert.NotNull(late);
        Assert.NotNull(early);
        Assert.NotNull(anonymous);
        Assert.Equal(["b0000", "a0001", "a0000"], late.Gists.Select(g => g.Id));
        Assert.Equal(["b0000"], early.Gists.Select(g => g.Id));
        Assert.Equal(3, anonymous.Gists.Count);
    }

    [Fact]
    public async Task A_viewer_whose_id_extends_another_is_a_different_viewer()
    {
        var owner = await fixture.Users.AddUserAsync();
        await fixture.Gists.AddAsync(owner, TestData.Gists(2));
        await fixture.Visits.RecordAsync(owner, Viewer("ann-long"), None);

        Assert.Equal(2, (await fixture.Visits.RecordAsync(owner, Viewer("ann"), None))?.Gists.Count);
    }

    [Fact]
    public async Task Finding_a_visit_again_returns_the_same_gists_even_after_more_were_stored()
    {
        var owner = await fixture.Users.AddUserAsync();
        var viewer = Viewer("reloader");
        await fixture.Gists.AddAsync(owner, TestData.Gists(2, "a"));
        await fixture.Visits.RecordAsync(owner, viewer, None);
        await fixture.Gists.AddAsync(owner, TestData.Gists(3, "b"));
        var recorded = await fixture.Visits.RecordAsync(owner, viewer, None);
        await fixture.Gists.AddAsync(owner, TestData.Gists(2, "c"));
        Assert.NotNull(recorded);

        var found = await fixture.Visits.FindAsync(owner, recorded.VisitId.ToUpperInvariant(), None);

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

        Assert.Null(await fixture.Visits.FindAsync(owner, visitId, None));
    }

    [Fact]
    public async Task An_unknown_visit_or_another_users_visit_is_not_found()
    {
        var owner = await fixture.Users.AddUserAsync();
        var other = await fixture.Users.AddUserAsync();
        var visit = await fixture.Visits.RecordAsync(owner, ViewerId.Anonymous, None);
        Assert.NotNull(visit);

        Assert.Null(await fixture.Visits.FindAsync(owner, Guid.CreateVersion7().ToString("N"), None));
        Assert.Null(await fixture.Visits.FindAsync(other, visit.VisitId, None));
    }

    [Fact]
    public async Task Recording_a_visit_of_an_untracked_user_returns_null_and_stores_nothing()
    {
        var stranger = TestData.NewUsername();

        Assert.Null(await fixture.Visits.RecordAsync(stranger, ViewerId.Anonymous, None));

        Assert.Equal(0, await StorageTestOperations.CountItemsAsync(fixture.Services, "visits", stranger));
    }

    // Gist holds its files in a list, which records compare by reference: compare what matters instead.
    private static string Summary(GistCloud.Core.Domain.Gists.Gist gist) =>
        $"{gist.Id} {gist.DiscoveredAt:O} {gist.Description} {string.Join(",", gist.Files.Select(f => f.Filename))} {gist.Pipedrive}";

    private static ViewerId Viewer(string id) =>
        ViewerId.TryParse(id, out var viewer, out var error) ? viewer : throw new ArgumentException(error, nameof(id));
}
