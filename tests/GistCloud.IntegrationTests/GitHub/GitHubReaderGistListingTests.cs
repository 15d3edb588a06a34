using GistCloud.Core.Domain.Gists;
using GistCloud.Core.GitHub;
using GistCloud.Fakes.GitHub;

namespace GistCloud.IntegrationTests.GitHub;

public sealed class GitHubReaderGistListingTests
{
    private static readonly DateTimeOffset Start = new(2024, 3, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Listing_250_gists_follows_the_Link_header_across_3_pages_of_100()
    {
        await using var harness = await GitHubReaderHarness.StartAsync();
        harness.GitHub.AddUser("octocat");
        var ids = harness.AddGists("octocat", 250, Start);

        var result = await harness.Reader.ListGistsAsync(GitHubReaderHarness.User("octocat"), new GistListingRequest(), CancellationToken.None);

        var listing = result.Value!;
        Assert.Equal(ids.Order(), listing.Gists.Select(g => g.Id).Order());
        Assert.True(listing.IsComplete);
        Assert.False(listing.NotModified);
        Assert.Equal(new GitHubRequestCount(3, 0), listing.Requests);
        var pages = harness.GitHub.Log.To("/users/octocat/gists");
        Assert.Equal(3, pages.Count);
        Assert.All(pages, p => Assert.Equal("100", p.Query["per_page"]));
        Assert.Equal([null, "2", "3"], pages.Select(p => p.Query.GetValueOrDefault("page")));
    }

    [Fact]
    public async Task Listing_stops_after_MaxPages_and_says_it_is_incomplete()
    {
        await using var harness = await GitHubReaderHarness.StartAsync();
        harness.GitHub.AddUser("octocat");
        harness.AddGists("octocat", 250, Start);

        var result = await harness.Reader.ListGistsAsync(
            GitHubReaderHarness.User("octocat"), new GistListingRequest(MaxPages: 2), CancellationToken.None);

        Assert.Equal(200, result.Value!.Gists.Select(g => g.Id).Distinct().Count());
        Assert.False(result.Value.IsComplete);
        Assert.Equal(2, harness.GitHub.TotalRequests);
    }

    [Fact]
    public async Task Since_is_sent_as_ISO_8601_UTC_and_only_gists_updated_at_or_after_it_come_back()
    {
        await using var harness = await GitHubReaderHarness.StartAsync();
        harness.GitHub.AddUser("octocat");
        var since = new DateTimeOffset(2024, 3, 1, 12, 30, 15, TimeSpan.FromHours(2)); // 10:30:15Z
        harness.GitHub.AddGist("octocat", id: "old", createdAt: Start, updatedAt: since.AddSeconds(-1));
        harness.GitHub.AddGist("octocat", id: "at-since", createdAt: Start, updatedAt: since);
        harness.GitHub.AddGist("octocat", id: "edited-old", createdAt: Start.AddDays(-100), updatedAt: since.AddHours(1));

        var result = await harness.Reader.ListGistsAsync(
            GitHubReaderHarness.User("octocat"), new GistListingRequest(Since: since.AddMilliseconds(400)), CancellationToken.None);

        Assert.Equal(["at-since", "edited-old"], result.Value!.Gists.Select(g => g.Id).Order());
        var request = Assert.Single(harness.GitHub.Requests);
        Assert.Equal("2024-03-01T10:30:15Z", request.Query["since"]);
    }

    [Fact]
    public async Task Gists_are_mapped_with_their_files_and_an_empty_description_becomes_null()
    {
        await using var harness = await GitHubReaderHarness.StartAsync();
        harness.GitHub.AddUser("octocat");
        harness.GitHub.AddGist("octocat", id: "aa5a315d61ae9438b18d", description: "", createdAt: Start, updatedAt: Start.AddHours(1),
            files: [new FakeGistFile("hello_world.rb", 167), new FakeGistFile("notes", 12, "Text")]);

        var gist = Assert.Single((await harness.Reader.ListGistsAsync(
            GitHubReaderHarness.User("octocat"), new GistListingRequest(), CancellationToken.None)).Value!.Gists);

        Assert.Equal("aa5a315d61ae9438b18d", gist.Id);
        Assert.Null(gist.Description);
        Assert.Equal("https://gist.github.com/aa5a315d61ae9438b18d", gist.HtmlUrl);
        Assert.Equal((Start, Start.AddHours(1)), (gist.CreatedAt, gist.UpdatedAt));
        Assert.Equal(2, gist.Files.Count);
        var ruby = Assert.Single(gist.Files, f => f.Filename == "hello_world.rb");
        Assert.Equal(("Ruby", 167L), (ruby.Language, ruby.Size));
        Assert.StartsWith("https://gist.githubusercontent.com/octocat/aa5a315d61ae9438b18d/raw/", ruby.RawUrl, StringComparison.Ordinal);
        Assert.Equal(new GistFile("notes", "Text", gist.Files.Single(f => f.Filename == "notes").RawUrl, 12), gist.Files.Single(f => f.Filename == "notes"));
    }

    [Fact]
    public async Task Listing_the_gists_of_an_unknown_user_returns_NotFound()
    {
        await using var harness = await GitHubReaderHarness.StartAsync();

        var result = await harness.Reader.ListGistsAsync(GitHubReaderHarness.User("ghost-user"), new GistListingRequest(), CancellationToken.None);

        Assert.Equal(GitHubFailureKind.NotFound, result.Failure?.Kind);
        Assert.Equal(404, Assert.Single(harness.GitHub.Requests).StatusCode);
    }

    [Fact]
    public async Task Relisting_with_the_returned_ETag_is_NotModified_and_free_when_authenticated()
    {
        await using var harness = await GitHubReaderHarness.StartAsync(token: "ghp_token");
        harness.GitHub.AddUser("octocat");
        harness.AddGists("octocat", 3, Start);
        var user = GitHubReaderHarness.User("octocat");

        var first = (await harness.Reader.ListGistsAsync(user, new GistListingRequest(), CancellationToken.None)).Value!;
        var second = (await harness.Reader.ListGistsAsync(user, new GistListingRequest(ETag: first.ETag), CancellationToken.None)).Value!;

        Assert.StartsWith("W/\"", first.ETag, StringComparison.Ordinal);
        Assert.True(second.NotModified);
        Assert.Empty(second.Gists);
        Assert.Equal(first.ETag, second.ETag);
        Assert.Equal(new GitHubRequestCount(1, 1), second.Requests);
        Assert.Equal(4_999, second.RateLimit!.Remaining); // the 304 cost nothing
        var conditional = harness.GitHub.Requests[1];
        Assert.Equal((first.ETag, 304, false), (conditional.IfNoneMatch, conditional.StatusCode, conditional.CountedAgainstRateLimit));
        Assert.Equal((2, 1, 1), (harness.GitHub.TotalRequests, harness.GitHub.NotModifiedCount, harness.GitHub.CountedAgainstRateLimit));
    }

    [Fact]
    public async Task An_anonymous_304_still_counts_against_the_rate_limit()
    {
        await using var harness = await GitHubReaderHarness.StartAsync(token: null);
        harness.GitHub.AddUser("octocat");
        var user = GitHubReaderHarness.User("octocat");

        var first = (await harness.Reader.ListGistsAsync(user, new GistListingRequest(), CancellationToken.None)).Value!;
        var second = (await harness.Reader.ListGistsAsync(user, new GistListingRequest(ETag: first.ETag), CancellationToken.None)).Value!;

        Assert.True(second.NotModified);
        Assert.Equal(58, second.RateLimit!.Remaining);
        Assert.Equal(2, harness.GitHub.CountedAgainstRateLimit);
    }

    [Fact]
    public async Task A_new_gist_changes_the_ETag_so_the_old_one_lists_again()
    {
        await using var harness = await GitHubReaderHarness.StartAsync(token: "ghp_token");
        harness.GitHub.AddUser("octocat");
        harness.AddGists("octocat", 2, Start);
        var user = GitHubReaderHarness.User("octocat");
        var first = (await harness.Reader.ListGistsAsync(user, new GistListingRequest(), CancellationToken.None)).Value!;
        var added = harness.GitHub.AddGist("octocat", createdAt: Start.AddDays(1));

        var again = (await harness.Reader.ListGistsAsync(user, new GistListingRequest(ETag: first.ETag), CancellationToken.None)).Value!;

        Assert.False(again.NotModified);
        Assert.Contains(again.Gists, g => g.Id == added.Id);
        Assert.NotEqual(first.ETag, again.ETag);
        Assert.Equal(first.ETag, harness.GitHub.Requests[1].IfNoneMatch);
        Assert.Equal(200, harness.GitHub.Requests[1].StatusCode);
    }

    [Fact]
    public async Task Only_the_first_page_is_conditional()
    {
        await using var harness = await GitHubReaderHarness.StartAsync(token: "ghp_token");
        harness.GitHub.AddUser("octocat");
        harness.AddGists("octocat", 150, Start);

        var result = await harness.Reader.ListGistsAsync(
            GitHubReaderHarness.User("octocat"), new GistListingRequest(ETag: "W/\"stale\""), CancellationToken.None);

        Assert.Equal(150, result.Value!.Gists.Count);
        Assert.Equal(["W/\"stale\"", null], harness.GitHub.Requests.Select(r => r.IfNoneMatch));
    }
}
