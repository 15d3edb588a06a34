using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using GistCloud.Core.Domain.Gists;
using GistCloud.Core.Domain.Users;
using GistCloud.Core.Storage.Gists;
using GistCloud.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace GistCloud.IntegrationTests.Api;

/// <summary>Durable "new": GET .../new and the gist lists only read; gists stay new for a viewer until that viewer POSTs .../seen.</summary>
public class SeenApiTests(GistCloudApiFactory app) : IClassFixture<GistCloudApiFactory>
{
    private static readonly string[] MalformedIds = ["../x"];
    private static readonly string[] UnknownIds = ["abc"];

    [Fact]
    public async Task New_gists_stay_new_across_a_reload_and_a_second_tab_until_marked()
    {
        await TrackWithGistsAsync("durable", 3);
        var viewer = NewViewer();
        using var tab1 = app.CreateClient();
        using var tab2 = app.CreateClient();

        var first = await GetNewAsync(tab1, "durable", viewer);
        var reload = await GetNewAsync(tab1, "durable", viewer);
        var secondTab = await GetNewAsync(tab2, "durable", viewer);
        var listed = await GetJsonAsync(tab2, "/api/users/durable/gists", viewer);
        var user = await GetJsonAsync(tab1, "/api/users/durable", viewer);

        var all = app.GitHub.GistIdsOf("durable").Order().ToList();
        foreach (var answer in new[] { first, reload, secondTab })
        {
            Assert.Equal(3, answer.GetProperty("newCount").GetInt64());
            Assert.Equal(3, answer.GetProperty("latestSeq").GetInt64());
            Assert.Equal(all, GistIds(answer).Order());
            Assert.All(answer.GetProperty("gists").EnumerateArray(), g => Assert.True(g.GetProperty("isNew").GetBoolean()));
        }

        Assert.All(listed.GetProperty("items").EnumerateArray(), g => Assert.True(g.GetProperty("isNew").GetBoolean()));
        Assert.Equal(3, user.GetProperty("newCount").GetInt64());

        var marked = await ProblemAssert.JsonAsync(await PostSeenAsync(tab1, "durable", viewer, new { all = true }), HttpStatusCode.OK);
        Assert.Equal(0, marked.GetProperty("newCount").GetInt64());
        Assert.Equal(3, marked.GetProperty("latestSeq").GetInt64());
        Assert.Empty(GistIds(await GetNewAsync(tab2, "durable", viewer)));
        Assert.All((await GetJsonAsync(tab2, "/api/users/durable/gists", viewer)).GetProperty("items").EnumerateArray(), g => Assert.False(g.GetProperty("isNew").GetBoolean()));
    }

    [Fact]
    public async Task Gists_can_be_marked_seen_one_by_one_and_marking_again_changes_nothing()
    {
        await TrackWithGistsAsync("one-by-one", 4);
        var viewer = NewViewer();
        using var client = app.CreateClient();
        var ids = GistIds(await GetNewAsync(client, "one-by-one", viewer));

        var once = await ProblemAssert.JsonAsync(await PostSeenAsync(client, "one-by-one", viewer, new { gistIds = new[] { ids[0], ids[2] } }), HttpStatusCode.OK);
        var twice = await ProblemAssert.JsonAsync(await PostSeenAsync(client, "one-by-one", viewer, new { gistIds = new[] { ids[2], ids[0] } }), HttpStatusCode.OK);

        Assert.Equal(2, once.GetProperty("newCount").GetInt64());
        Assert.Equal(2, twice.GetProperty("newCount").GetInt64());
        Assert.Equal([ids[1], ids[3]], GistIds(await GetNewAsync(client, "one-by-one", viewer)));
        var listed = (await GetJsonAsync(client, "/api/users/one-by-one/gists", viewer)).GetProperty("items").EnumerateArray()
            .ToDictionary(g => g.GetProperty("id").GetString()!, g => g.GetProperty("isNew").GetBoolean());
        Assert.Equal([false, true, false, true], ids.Select(id => listed[id]));
        Assert.Equal(2, (await GetJsonAsync(client, "/api/users/one-by-one", viewer)).GetProperty("newCount").GetInt64());

        // Marking the rest one by one closes the gaps: the state compacts to "all through 4".
        var rest = await ProblemAssert.JsonAsync(await PostSeenAsync(client, "one-by-one", viewer, new { gistIds = new[] { ids[1], ids[3] } }), HttpStatusCode.OK);
        Assert.Equal(0, rest.GetProperty("newCount").GetInt64());
    }

    [Fact]
    public async Task Marking_all_through_the_shown_seq_leaves_a_gist_stored_later_new()
    {
        await TrackWithGistsAsync("later", 2);
        var viewer = NewViewer();
        using var client = app.CreateClient();
        var shown = await GetNewAsync(client, "later", viewer);
        var added = await StoreNewGistsAsync("later", 1);

        var marked = await ProblemAssert.JsonAsync(
            await PostSeenAsync(client, "later", viewer, new { all = true, throughSeq = shown.GetProperty("latestSeq").GetInt64() }), HttpStatusCode.OK);

        Assert.Equal(1, marked.GetProperty("newCount").GetInt64());
        Assert.Equal(3, marked.GetProperty("latestSeq").GetInt64());
        var now = await GetNewAsync(client, "later", viewer);
        Assert.Equal(added, GistIds(now));
        Assert.Equal(1, now.GetProperty("newCount").GetInt64());

        // A throughSeq beyond the user's gists is held to the gists there are: one stored afterwards is new.
        await PostSeenAsync(client, "later", viewer, new { all = true, throughSeq = 1000 });
        var afterMore = await StoreNewGistsAsync("later", 1);
        Assert.Equal(afterMore, GistIds(await GetNewAsync(client, "later", viewer)));
    }

    [Fact]
    public async Task Counts_on_the_user_list_are_the_unseen_gists_of_each_viewer_read_in_one_batch()
    {
        await TrackWithGistsAsync("count-a", 3);
        await TrackWithGistsAsync("count-b", 2);
        var (alice, bob) = (NewViewer(), NewViewer());
        using var client = app.CreateClient();
        var ids = GistIds(await GetNewAsync(client, "count-a", alice));
        await PostSeenAsync(client, "count-a", alice, new { gistIds = new[] { ids[0] } });
        await PostSeenAsync(client, "count-b", alice, new { all = true });

        var counter = new CountingDynamoDbClient(app.DynamoDb.ServiceUrl);
        using var counted = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IAmazonDynamoDB>(counter)));
        using var countedClient = counted.CreateClient();
        var forAlice = NewCounts(await GetJsonAsync(countedClient, "/api/users?limit=100", alice));
        var batchGets = counter.BatchGetItemCalls;
        var forBob = NewCounts(await GetJsonAsync(client, "/api/users?limit=100", bob));

        Assert.Equal((2, 0), (forAlice["count-a"], forAlice["count-b"]));
        Assert.Equal((3, 2), (forBob["count-a"], forBob["count-b"]));
        Assert.Equal(1, batchGets);
        Assert.Equal(0, counter.QueriesOf(app.TablePrefix + "gists"));
    }

    [Fact]
    public async Task Without_a_viewer_header_answers_carry_no_new_count_and_no_is_new()
    {
        await TrackWithGistsAsync("compat", 2);
        using var client = app.CreateClient();

        var list = await ProblemAssert.JsonAsync(await client.GetAsync("/api/users"), HttpStatusCode.OK);
        var user = await ProblemAssert.JsonAsync(await client.GetAsync("/api/users/compat"), HttpStatusCode.OK);
        var gists = await ProblemAssert.JsonAsync(await client.GetAsync("/api/users/compat/gists"), HttpStatusCode.OK);

        Assert.All(list.GetProperty("items").EnumerateArray(), u => Assert.False(u.TryGetProperty("newCount", out _)));
        Assert.False(user.TryGetProperty("newCount", out _));
        Assert.All(gists.GetProperty("items").EnumerateArray(), g => Assert.False(g.TryGetProperty("isNew", out _)));
        var newest = app.GitHub.GistsOf("compat").Max(g => g.CreatedAt);
        Assert.Equal(newest, user.GetProperty("lastGistAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_user_removed_and_tracked_again_starts_with_everything_new()
    {
        await TrackWithGistsAsync("again", 2);
        var viewer = NewViewer();
        using var client = app.CreateClient();
        await PostSeenAsync(client, "again", viewer, new { all = true });
        Assert.Equal(0, (await GetJsonAsync(client, "/api/users/again", viewer)).GetProperty("newCount").GetInt64());

        using var admin = app.CreateAdminClient();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/users/again")).StatusCode);
        await app.TrackAsync("again");

        Assert.Equal(2, (await GetJsonAsync(client, "/api/users/again", viewer)).GetProperty("newCount").GetInt64());
        Assert.Equal(2, GistIds(await GetNewAsync(client, "again", viewer)).Count);
    }

    [Fact]
    public async Task The_new_list_pages_by_cursor_skipping_gists_marked_one_by_one()
    {
        await TrackWithGistsAsync("paged-new", 7);
        var viewer = NewViewer();
        using var client = app.CreateClient();
        var bySeq = GistIds(await GetNewAsync(client, "paged-new", viewer)); // newest discovered first: seq 7 … 1
        await PostSeenAsync(client, "paged-new", viewer, new { gistIds = new[] { bySeq[1], bySeq[4] } });

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var query = "?limit=2" + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor));
            var page = await GetJsonAsync(client, $"/api/users/paged-new/new{query}", viewer);
            Assert.Equal(5, page.GetProperty("newCount").GetInt64());
            seen.AddRange(GistIds(page));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal(bySeq.Where((_, i) => i is not 1 and not 4), seen);
        var foreign = (await GetNewAsync(client, "paged-new", NewViewer(), "?limit=1")).GetProperty("nextCursor").GetString()!;
        await ProblemAssert.IsProblemAsync(
            await SendAsync(client, HttpMethod.Get, $"/api/users/paged-new/new?cursor={Uri.EscapeDataString(foreign)}", viewer), HttpStatusCode.BadRequest, "cursor");
    }

    [Fact]
    public async Task Two_tabs_marking_at_once_lose_no_mark()
    {
        await TrackWithGistsAsync("racing", 12);
        var viewer = NewViewer();
        using var client = app.CreateClient();
        var ids = GistIds(await GetNewAsync(client, "racing", viewer));

        var marks = ids.Where((_, i) => i % 2 == 0).Select(id => PostSeenAsync(client, "racing", viewer, new { gistIds = new[] { id } }));
        foreach (var response in await Task.WhenAll(marks))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(ids.Where((_, i) => i % 2 == 1), GistIds(await GetNewAsync(client, "racing", viewer)));
    }

    [Fact]
    public async Task Viewer_ids_are_checked_and_required_where_the_call_is_about_the_viewer()
    {
        await TrackWithGistsAsync("strict-seen", 1);
        using var client = app.CreateClient();

        foreach (var path in new[] { "/api/users", "/api/users/strict-seen", "/api/users/strict-seen/gists", "/api/users/strict-seen/new" })
        {
            var problem = await ProblemAssert.IsProblemAsync(await SendAsync(client, HttpMethod.Get, path, "viewer-1"), HttpStatusCode.BadRequest, "UUID");
            Assert.True(problem.GetProperty("errors").TryGetProperty("X-Viewer-Id", out _), path);
        }

        await ProblemAssert.IsProblemAsync(await PostSeenAsync(client, "strict-seen", "anonymous", new { all = true }), HttpStatusCode.BadRequest, "UUID");
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/users/strict-seen/new"), HttpStatusCode.BadRequest, "X-Viewer-Id header is required");
        await ProblemAssert.IsProblemAsync(
            await client.PostAsJsonAsync("/api/users/strict-seen/seen", new { all = true }), HttpStatusCode.BadRequest, "X-Viewer-Id header is required");
    }

    [Fact]
    public async Task Unknown_or_malformed_gist_ids_and_unclear_bodies_are_400s_that_mark_nothing()
    {
        await TrackWithGistsAsync("marks", 2);
        var viewer = NewViewer();
        using var client = app.CreateClient();
        var known = app.GitHub.GistIdsOf("marks").First();

        await ProblemAssert.IsProblemAsync(
            await PostSeenAsync(client, "marks", viewer, new { gistIds = new[] { known, "0000deadbeef" } }), HttpStatusCode.BadRequest, "'0000deadbeef'");
        await ProblemAssert.IsProblemAsync(await PostSeenAsync(client, "marks", viewer, new { gistIds = MalformedIds }), HttpStatusCode.BadRequest, "Not gist ids");
        await ProblemAssert.IsProblemAsync(await PostSeenAsync(client, "marks", viewer, new { gistIds = Array.Empty<string>() }), HttpStatusCode.BadRequest, "1 to 100");
        await ProblemAssert.IsProblemAsync(await PostSeenAsync(client, "marks", viewer, new { all = true, gistIds = new[] { known } }), HttpStatusCode.BadRequest, "not both");
        await ProblemAssert.IsProblemAsync(await PostSeenAsync(client, "marks", viewer, new { all = false }), HttpStatusCode.BadRequest, "gistIds");
        await ProblemAssert.IsProblemAsync(await PostSeenAsync(client, "marks", viewer, new { all = true, throughSeq = -1 }), HttpStatusCode.BadRequest, "throughSeq");

        Assert.Equal(2, (await GetNewAsync(client, "marks", viewer)).GetProperty("newCount").GetInt64());
    }

    [Fact]
    public async Task New_and_seen_of_a_user_not_tracked_are_404s()
    {
        var viewer = NewViewer();
        using var client = app.CreateClient();

        await ProblemAssert.IsProblemAsync(await SendAsync(client, HttpMethod.Get, "/api/users/never-tracked-seen/new", viewer), HttpStatusCode.NotFound, "is not tracked");
        await ProblemAssert.IsProblemAsync(await PostSeenAsync(client, "never-tracked-seen", viewer, new { all = true }), HttpStatusCode.NotFound, "is not tracked");
        await ProblemAssert.IsProblemAsync(await PostSeenAsync(client, "never-tracked-seen", viewer, new { gistIds = UnknownIds }), HttpStatusCode.BadRequest, "'abc'");
    }

    [Fact]
    public async Task Seen_marks_share_the_visits_rate_limit_per_address()
    {
        using var limited = app.WithWebHostBuilder(b => b
            .UseSetting("Visits:RateLimitBurst", "2")
            .UseSetting("Visits:RateLimitRefillPeriod", "00:01:00"));
        await TrackWithGistsAsync("busy-seen", 1);
        var viewer = NewViewer();
        using var client = limited.CreateClient();

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await PostSeenAsync(client, "busy-seen", viewer, new { all = true })).StatusCode);
        }

        var rejected = await PostSeenAsync(client, "busy-seen", viewer, new { all = true });
        await ProblemAssert.IsProblemAsync(rejected, (HttpStatusCode)429, "seen marks");
        Assert.NotNull(rejected.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Get, "/api/users/busy-seen/new", viewer)).StatusCode);
    }

    [Fact]
    public async Task A_seen_state_expires_after_the_visits_retention_without_a_mark()
    {
        var clock = new TestClock();
        using var timed = app.WithWebHostBuilder(b => b
            .UseSetting("Sync:Interval", "00:00:00")
            .UseSetting("Visits:Retention", "30.00:00:00")
            .ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock)));
        using var client = timed.CreateClient();
        await TrackWithGistsAsync("forgetful-seen", 2);
        var viewer = NewViewer();
        await PostSeenAsync(client, "forgetful-seen", viewer, new { all = true });

        clock.Advance(TimeSpan.FromDays(30) - TimeSpan.FromSeconds(1));
        Assert.Equal(0, (await GetNewAsync(client, "forgetful-seen", viewer)).GetProperty("newCount").GetInt64());
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(2, (await GetNewAsync(client, "forgetful-seen", viewer)).GetProperty("newCount").GetInt64());
    }

    private async Task TrackWithGistsAsync(string username, int gists)
    {
        app.GitHub.AddUser(username);
        app.GitHub.AddGists(username, gists);
        await app.TrackAsync(username);
    }

    /// <summary>Stores gists the way the sync will: new on GitHub, then into the store.</summary>
    private async Task<List<string>> StoreNewGistsAsync(string username, int count)
    {
        var before = app.GitHub.GistIdsOf(username).ToHashSet();
        app.GitHub.AddGists(username, count);
        var owner = GitHubUsername.Parse(username);
        var listing = await app.Service<Core.GitHub.IGitHubReader>().ListGistsAsync(owner, new Core.GitHub.GistListingRequest(), default);
        var result = await app.Service<GistStore>().SaveListingAsync(owner, listing.Value!.Gists, PublishStatus.Disabled, default);
        Assert.Equal(count, result.Added);
        return [.. app.GitHub.GistsOf(username).Where(g => !before.Contains(g.Id)).Select(g => g.Id)];
    }

    private static string NewViewer() => Guid.NewGuid().ToString();

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string viewer, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Viewer-Id", viewer);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return client.SendAsync(request);
    }

    private static Task<HttpResponseMessage> PostSeenAsync(HttpClient client, string username, string viewer, object body) =>
        SendAsync(client, HttpMethod.Post, $"/api/users/{username}/seen", viewer, body);

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string path, string viewer) =>
        await ProblemAssert.JsonAsync(await SendAsync(client, HttpMethod.Get, path, viewer), HttpStatusCode.OK);

    private static Task<JsonElement> GetNewAsync(HttpClient client, string username, string viewer, string query = "") =>
        GetJsonAsync(client, $"/api/users/{username}/new{query}", viewer);

    private static List<string> GistIds(JsonElement answer) =>
        [.. answer.GetProperty("gists").EnumerateArray().Select(g => g.GetProperty("id").GetString()!)];

    private static Dictionary<string, long> NewCounts(JsonElement list) =>
        list.GetProperty("items").EnumerateArray().ToDictionary(u => u.GetProperty("username").GetString()!, u => u.GetProperty("newCount").GetInt64());

    /// <summary>A real DynamoDB Local client that counts the calls that matter for cost.</summary>
    private sealed class CountingDynamoDbClient(string serviceUrl) : AmazonDynamoDBClient(
        new Amazon.Runtime.BasicAWSCredentials("local", "local"),
        new AmazonDynamoDBConfig { ServiceURL = serviceUrl, AuthenticationRegion = "us-east-1" })
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _queries = new(StringComparer.Ordinal);
        private int _batchGets;

        public int BatchGetItemCalls => Volatile.Read(ref _batchGets);

        public int QueriesOf(string table) => _queries.GetValueOrDefault(table);

        public override Task<BatchGetItemResponse> BatchGetItemAsync(BatchGetItemRequest request, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _batchGets);
            return base.BatchGetItemAsync(request, cancellationToken);
        }

        public override Task<QueryResponse> QueryAsync(QueryRequest request, CancellationToken cancellationToken = default)
        {
            _queries.AddOrUpdate(request.TableName, 1, (_, n) => n + 1);
            return base.QueryAsync(request, cancellationToken);
        }
    }
}
