using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GistCloud.Fakes.GitHub;

namespace GistCloud.IntegrationTests.GitHub;

/// <summary>The fake's GraphQL API behaves like GitHub's (raw HTTP, GitHub's documented rules, real GraphQL execution).</summary>
public sealed class FakeGitHubGraphQLTests : IAsyncLifetime, IDisposable
{
    private const string Token = "good";

    /// <summary>The query the batch client sends: one alias per login, the latest edited public gist each.</summary>
    private const string BatchQuery = """
        query($l0: String!, $l1: String!) {
          u0: user(login: $l0) { login gists(first: 1, privacy: PUBLIC, orderBy: {field: UPDATED_AT, direction: DESC}) { totalCount nodes { name updatedAt } } }
          u1: user(login: $l1) { login gists(first: 1, privacy: PUBLIC, orderBy: {field: UPDATED_AT, direction: DESC}) { totalCount nodes { name updatedAt } } }
          rateLimit { cost remaining resetAt limit used }
        }
        """;

    private static readonly DateTimeOffset May1 = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private FakeGitHubServer _github = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _github = await FakeGitHubServer.StartAsync(new FakeGitHubServerOptions { RequiredToken = Token });
        _http = new HttpClient();
    }

    public async Task DisposeAsync() => await _github.DisposeAsync();

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task A_batch_answers_every_alias_with_the_most_recently_edited_gist_and_the_total_count()
    {
        _github.AddUser("octocat");
        _github.AddGist("octocat", id: "old-but-edited", createdAt: May1.AddDays(-30), updatedAt: May1);
        _github.AddGist("octocat", id: "newest-created", createdAt: May1.AddDays(-1));
        _github.AddUser("bob");
        _github.AddGist("bob", id: "bobs", createdAt: May1.AddDays(-3));

        var (response, body) = await Post(BatchQuery, new { l0 = "OctoCat", l1 = "bob" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(body.TryGetProperty("errors", out _));
        var octocat = body.GetProperty("data").GetProperty("u0");
        Assert.Equal("octocat", octocat.GetProperty("login").GetString()); // canonical case, asked case-insensitively
        Assert.Equal(2, octocat.GetProperty("gists").GetProperty("totalCount").GetInt32());
        var latest = octocat.GetProperty("gists").GetProperty("nodes").EnumerateArray().Single();
        Assert.Equal("old-but-edited", latest.GetProperty("name").GetString());
        Assert.Equal("2024-05-01T12:00:00Z", latest.GetProperty("updatedAt").GetString());
        Assert.Equal("bobs", body.GetProperty("data").GetProperty("u1").GetProperty("gists").GetProperty("nodes")[0].GetProperty("name").GetString());
        var rateLimit = body.GetProperty("data").GetProperty("rateLimit");
        Assert.Equal((1, 4999, 5000, 1), (rateLimit.GetProperty("cost").GetInt32(), rateLimit.GetProperty("remaining").GetInt32(),
            rateLimit.GetProperty("limit").GetInt32(), rateLimit.GetProperty("used").GetInt32()));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", rateLimit.GetProperty("resetAt").GetString());
    }

    [Fact]
    public async Task An_unknown_login_is_null_with_a_GitHub_shaped_NOT_FOUND_error_while_the_others_answer()
    {
        _github.AddUser("octocat");

        var (response, body) = await Post("""{ u0: user(login: "octocat") { login } u3: user(login: "ghost") { login } }""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("octocat", body.GetProperty("data").GetProperty("u0").GetProperty("login").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("data").GetProperty("u3").ValueKind);
        var error = body.GetProperty("errors").EnumerateArray().Single();
        Assert.Equal("NOT_FOUND", error.GetProperty("type").GetString()); // top level, as GitHub puts it
        Assert.False(error.TryGetProperty("extensions", out _));
        Assert.Equal(["u3"], error.GetProperty("path").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal((1, 40), (error.GetProperty("locations")[0].GetProperty("line").GetInt32(), error.GetProperty("locations")[0].GetProperty("column").GetInt32()));
        Assert.Equal("Could not resolve to a User with the login of 'ghost'.", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Edges_pageInfo_and_after_walk_250_gists_in_pages_of_100_with_fragments()
    {
        _github.AddUser("octocat");
        for (var i = 0; i < 250; i++)
        {
            _github.AddGist("octocat", id: $"g{i:D3}", createdAt: May1.AddMinutes(i));
        }

        const string query = """
            query($after: String) { user(login: "octocat") { gists(first: 100, after: $after, orderBy: {field: CREATED_AT, direction: ASC}) { ...page } } }
            fragment page on GistConnection { totalCount edges { cursor node { ... on Gist { name } } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }
            """;
        var names = new List<string>();
        var pages = new List<(bool Next, bool Previous)>();
        string? after = null;
        do
        {
            var (_, body) = await Post(query, new { after });
            var gists = body.GetProperty("data").GetProperty("user").GetProperty("gists");
            Assert.Equal(250, gists.GetProperty("totalCount").GetInt32());
            var edges = gists.GetProperty("edges").EnumerateArray().ToList();
            names.AddRange(edges.Select(e => e.GetProperty("node").GetProperty("name").GetString()!));
            var pageInfo = gists.GetProperty("pageInfo");
            Assert.Equal(edges[0].GetProperty("cursor").GetString(), pageInfo.GetProperty("startCursor").GetString());
            Assert.Equal(edges[^1].GetProperty("cursor").GetString(), pageInfo.GetProperty("endCursor").GetString());
            pages.Add((pageInfo.GetProperty("hasNextPage").GetBoolean(), pageInfo.GetProperty("hasPreviousPage").GetBoolean()));
            after = pageInfo.GetProperty("hasNextPage").GetBoolean() ? pageInfo.GetProperty("endCursor").GetString() : null;
        }
        while (after is not null);

        Assert.Equal(Enumerable.Range(0, 250).Select(i => $"g{i:D3}"), names);
        Assert.Equal([(true, false), (true, true), (false, true)], pages);

        var (_, lastTwo) = await Post("""{ user(login: "octocat") { gists(last: 2, orderBy: {field: CREATED_AT, direction: ASC}) { nodes { name } } } }""");
        Assert.Equal(["g248", "g249"], lastTwo.GetProperty("data").GetProperty("user").GetProperty("gists").GetProperty("nodes")
            .EnumerateArray().Select(n => n.GetProperty("name").GetString()));
    }

    [Theory]
    [InlineData("gists { totalCount }", "MISSING_PAGINATION_BOUNDARIES", "You must provide a `first` or `last` value to properly paginate the `gists` connection.")]
    [InlineData("gists(first: 101) { totalCount }", "EXCESSIVE_PAGINATION", "Requesting 101 records on the `gists` connection exceeds the `first` limit of 100 records.")]
    [InlineData("gists(last: 500) { totalCount }", "EXCESSIVE_PAGINATION", "Requesting 500 records on the `gists` connection exceeds the `last` limit of 100 records.")]
    public async Task A_connection_without_a_valid_first_or_last_is_refused_before_execution(string selection, string type, string message)
    {
        _github.AddUser("octocat");

        var (response, body) = await Post($$"""{ user(login: "octocat") { {{selection}} } }""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(body.TryGetProperty("data", out _));
        var error = body.GetProperty("errors").EnumerateArray().Single();
        Assert.Equal((type, message), (error.GetProperty("type").GetString(), error.GetProperty("message").GetString()));
        Assert.Equal(["query", "user", "gists"], error.GetProperty("path").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(5000, _github.RateLimits.PeekGraphQL(Token).Remaining);
    }

    [Fact]
    public async Task A_repeated_query_is_checked_again_with_its_new_variables()
    {
        _github.AddUser("octocat");
        const string query = """query($n: Int!) { user(login: "octocat") { gists(first: $n) { totalCount } } }""";

        var (_, valid) = await Post(query, new { n = 1 });
        var (_, tooMany) = await Post(query, new { n = 101 });
        var (_, missing) = await Post(query);

        Assert.Equal(0, valid.GetProperty("data").GetProperty("user").GetProperty("gists").GetProperty("totalCount").GetInt32());
        Assert.Equal("EXCESSIVE_PAGINATION", tooMany.GetProperty("errors")[0].GetProperty("type").GetString());
        Assert.False(missing.TryGetProperty("data", out _));
        Assert.Contains("$n", missing.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal([FakeGraphQLCallStatus.Answered, FakeGraphQLCallStatus.Invalid, FakeGraphQLCallStatus.Invalid], _github.GraphQLCalls.Select(c => c.Status));
    }

    [Fact]
    public async Task An_unknown_field_or_a_bad_argument_is_a_validation_error_without_data()
    {
        _github.AddUser("octocat");

        var (unknownResponse, unknownField) = await Post("""{ user(login: "octocat") { login karma } }""");
        var (_, badArgument) = await Post("""{ user(login: 42) { login } }""");
        var (_, syntax) = await Post("""{ user(login: "octocat") { login """);

        Assert.Equal(HttpStatusCode.OK, unknownResponse.StatusCode);
        foreach (var body in new[] { unknownField, badArgument, syntax })
        {
            Assert.False(body.TryGetProperty("data", out _));
            Assert.NotEmpty(body.GetProperty("errors").EnumerateArray());
        }

        Assert.Contains("karma", unknownField.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.All(_github.GraphQLCalls, call => Assert.Equal(FakeGraphQLCallStatus.Invalid, call.Status));
    }

    [Theory]
    [InlineData(1, "gists(first: 1) { totalCount }", 1, 1)]
    [InlineData(100, "gists(first: 1) { totalCount }", 1, 100)]
    [InlineData(250, "gists(first: 1) { totalCount }", 3, 250)] // 250 requests / 100 = 2.5, rounded away from zero
    [InlineData(2, "gists(first: 100) { nodes { owner { gists(first: 5) { totalCount } } } }", 2, 1_200)] // 2 × (1 + 100) requests; 2 × (100 + 500) nodes
    [InlineData(1, "login", 1, 0)] // no connection at all still costs the minimum of 1
    public async Task The_cost_follows_GitHubs_rule_and_is_charged_to_the_graphql_budget(int aliases, string selection, int cost, int nodeCount)
    {
        _github.AddUser("octocat");
        var users = string.Concat(Enumerable.Range(0, aliases).Select(i => $$"""u{{i}}: user(login: "octocat") { {{selection}} } """));

        var (response, body) = await Post($"{{ {users} rateLimit {{ cost nodeCount remaining }} }}");

        Assert.False(body.TryGetProperty("errors", out _));
        var rateLimit = body.GetProperty("data").GetProperty("rateLimit");
        Assert.Equal((cost, nodeCount), (rateLimit.GetProperty("cost").GetInt32(), rateLimit.GetProperty("nodeCount").GetInt32()));
        Assert.Equal(5000 - cost, rateLimit.GetProperty("remaining").GetInt32());
        Assert.Equal((5000 - cost).ToString(System.Globalization.CultureInfo.InvariantCulture), Header(response, "x-ratelimit-remaining"));
        Assert.Equal(cost, _github.GraphQLPointsCharged);
        Assert.Equal(aliases, _github.GraphQLCalls.Single().Logins.Count);
    }

    [Fact]
    public async Task A_query_over_500000_nodes_is_refused_with_MAX_NODE_LIMIT_EXCEEDED()
    {
        _github.AddUser("octocat");

        var (_, body) = await Post("""
            { user(login: "octocat") { gists(first: 100) { nodes { owner { gists(first: 100) { nodes { owner { gists(first: 100) { totalCount } } } } } } } } }
            """);

        var error = body.GetProperty("errors").EnumerateArray().Single();
        Assert.Equal("MAX_NODE_LIMIT_EXCEEDED", error.GetProperty("type").GetString());
        Assert.Equal("This query requests up to 1,010,100 possible nodes which exceeds the maximum limit of 500,000.", error.GetProperty("message").GetString());
        Assert.False(body.TryGetProperty("data", out _));
    }

    [Fact]
    public async Task A_dry_run_reports_the_cost_without_executing_or_charging()
    {
        _github.AddUser("octocat");
        var users = string.Concat(Enumerable.Range(0, 250).Select(i => $$"""u{{i}}: user(login: "octocat") { login gists(first: 1) { totalCount } } """));

        var (_, body) = await Post($"{{ {users} rateLimit(dryRun: true) {{ cost remaining }} }}");

        var data = body.GetProperty("data");
        Assert.Equal((3, 5000), (data.GetProperty("rateLimit").GetProperty("cost").GetInt32(), data.GetProperty("rateLimit").GetProperty("remaining").GetInt32()));
        Assert.Equal(JsonValueKind.Null, data.GetProperty("u0").ValueKind);
        Assert.Equal(5000, _github.RateLimits.PeekGraphQL(Token).Remaining);
        Assert.Equal(0, _github.GraphQLPointsCharged);
        Assert.Equal(FakeGraphQLCallStatus.DryRun, _github.GraphQLCalls.Single().Status);
    }

    [Fact]
    public async Task GraphQL_has_its_own_budget_in_its_headers_and_leaves_REST_core_untouched()
    {
        _github.AddUser("octocat");

        var (graphQL, _) = await Post("""{ user(login: "octocat") { login } }""");
        using var rest = await Send(HttpMethod.Get, new Uri(_github.BaseUrl, "users/octocat"), Token);

        Assert.Equal(
            ("graphql", "5000", "4999", "1"),
            (Header(graphQL, "x-ratelimit-resource"), Header(graphQL, "x-ratelimit-limit"), Header(graphQL, "x-ratelimit-remaining"), Header(graphQL, "x-ratelimit-used")));
        Assert.True(long.Parse(Header(graphQL, "x-ratelimit-reset"), System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.Equal(("core", "4999"), (Header(rest, "x-ratelimit-resource"), Header(rest, "x-ratelimit-remaining")));
        Assert.Equal([false, true], _github.Requests.Select(r => r.CountedAgainstRateLimit));
        Assert.Equal(2, _github.TotalRequests);
    }

    [Fact]
    public async Task A_budget_that_cannot_pay_is_200_RATE_LIMIT_and_REST_still_answers()
    {
        _github.AddUser("octocat");
        var resetAt = DateTimeOffset.UtcNow.AddMinutes(20);
        _github.SetGraphQLRemaining(2, resetAt: resetAt);
        var users = string.Concat(Enumerable.Range(0, 250).Select(i => $$"""u{{i}}: user(login: "octocat") { gists(first: 1) { totalCount } } """));

        var (response, body) = await Post($"{{ {users} }}"); // costs 3

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            """{"errors":[{"type":"RATE_LIMIT","code":"graphql_rate_limit","message":"API rate limit already exceeded for user ID 1."}]}""",
            body.GetRawText());
        Assert.Equal("0", Header(response, "x-ratelimit-remaining"));
        Assert.Equal(resetAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), Header(response, "x-ratelimit-reset"));
        Assert.Equal(2, _github.RateLimits.PeekGraphQL(Token).Remaining); // nothing taken
        var (_, cheap) = await Post("""{ user(login: "octocat") { login } }""");
        Assert.Equal("octocat", cheap.GetProperty("data").GetProperty("user").GetProperty("login").GetString());
        using var rest = await Send(HttpMethod.Get, new Uri(_github.BaseUrl, "users/octocat"), Token);
        Assert.Equal(HttpStatusCode.OK, rest.StatusCode);
        Assert.Equal([FakeGraphQLCallStatus.RateLimited, FakeGraphQLCallStatus.Answered], _github.GraphQLCalls.Select(c => c.Status));
    }

    [Fact]
    public async Task GraphQL_needs_a_token_and_refuses_a_wrong_one()
    {
        using var anonymous = await Send(HttpMethod.Post, _github.GraphQLUrl, token: null, Json("""{"query":"{ rateLimit { cost } }"}"""));
        using var wrong = await Send(HttpMethod.Post, _github.GraphQLUrl, token: "bad", Json("""{"query":"{ rateLimit { cost } }"}"""));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(
            """{"message":"This endpoint requires you to be authenticated.","documentation_url":"https://docs.github.com/graphql/guides/forming-calls-with-graphql#authenticating-with-graphql"}""",
            await anonymous.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("Bad credentials", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(_github.GraphQLCalls);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"variables":{}}""")]
    public async Task A_body_that_is_not_JSON_with_a_query_is_400_Problems_parsing_JSON(string content)
    {
        using var response = await Send(HttpMethod.Post, _github.GraphQLUrl, Token, Json(content));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Problems parsing JSON", body.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_chunked_body_is_read_to_its_end()
    {
        _github.AddUser("octocat");
        var query = JsonSerializer.Serialize(new { query = "{ user(login: \"octocat\") { login } }" + new string(' ', 100_000) });
        using var content = new StreamContent(new NonSeekableStream(Encoding.UTF8.GetBytes(query)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await Send(HttpMethod.Post, _github.GraphQLUrl, Token, content, chunked: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(_github.Requests.Single().Headers.GetValueOrDefault("Content-Length"));
        Assert.Contains("\"login\":\"octocat\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_user_is_null_with_an_INTERNAL_error_while_the_rest_of_the_batch_answers()
    {
        _github.AddUser("octocat");
        _github.AddUser("bob");
        _github.FailGraphQLUser("bob");

        var (_, failed) = await Post(BatchQuery, new { l0 = "octocat", l1 = "bob" });
        var (_, next) = await Post(BatchQuery, new { l0 = "octocat", l1 = "bob" });

        Assert.Equal("octocat", failed.GetProperty("data").GetProperty("u0").GetProperty("login").GetString());
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("data").GetProperty("u1").ValueKind);
        var error = failed.GetProperty("errors").EnumerateArray().Single();
        Assert.Equal("INTERNAL", error.GetProperty("type").GetString());
        Assert.Equal(["u1"], error.GetProperty("path").EnumerateArray().Select(p => p.GetString()));
        Assert.StartsWith("Something went wrong while executing your query.", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.False(next.TryGetProperty("errors", out _));
        Assert.Equal([["octocat", "bob"], ["octocat", "bob"]], _github.GraphQLCalls.Select(c => c.Logins));
    }

    [Fact]
    public async Task Whole_request_failures_are_200_with_null_data_or_the_HTTP_fault_and_a_login_fault_leaves_GraphQL_alone()
    {
        _github.AddUser("octocat");
        _github.FailNextGraphQL();
        _github.FailNext("/graphql");
        _github.FailNext("octocat");

        var (badGateway, _) = await Post("""{ user(login: "octocat") { login } }"""); // the gate's HTTP fault comes first
        var (failed, failedBody) = await Post("""{ user(login: "octocat") { login } }""");
        var (answered, answeredBody) = await Post("""{ user(login: "octocat") { login } }""");

        Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        Assert.Equal(JsonValueKind.Null, failedBody.GetProperty("data").ValueKind);
        Assert.Equal(
            "Something went wrong while executing your query. This may be the result of a timeout, or it could be a GitHub bug. Please include `ABCD:1234` when reporting this issue.",
            failedBody.GetProperty("errors")[0].GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.BadGateway, badGateway.StatusCode);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal("octocat", answeredBody.GetProperty("data").GetProperty("user").GetProperty("login").GetString());
        using var rest = await Send(HttpMethod.Get, new Uri(_github.BaseUrl, "users/octocat"), Token);
        Assert.Equal(HttpStatusCode.BadGateway, rest.StatusCode); // the login fault was still waiting for a REST call
    }

    [Theory]
    [InlineData(403)]
    [InlineData(404)]
    public async Task A_refusal_lasts_until_GraphQL_is_allowed_again(int statusCode)
    {
        _github.AddUser("octocat");
        _github.RefuseGraphQL(statusCode);

        var (first, firstBody) = await Post("""{ user(login: "octocat") { login } }""");
        var (second, _) = await Post("""{ user(login: "octocat") { login } }""");
        _github.Faults.AllowGraphQL();
        var (allowed, _) = await Post("""{ user(login: "octocat") { login } }""");

        Assert.Equal(((HttpStatusCode)statusCode, (HttpStatusCode)statusCode, HttpStatusCode.OK), (first.StatusCode, second.StatusCode, allowed.StatusCode));
        Assert.True(firstBody.TryGetProperty("message", out _));
        Assert.True(firstBody.TryGetProperty("documentation_url", out _));
    }

    [Fact]
    public async Task Enterprise_paths_serve_REST_under_api_v3_and_GraphQL_at_api_graphql()
    {
        await using var enterprise = await FakeGitHubServer.StartAsync(new FakeGitHubServerOptions { EnterprisePaths = true });
        enterprise.AddUser("octocat");
        for (var i = 0; i < 3; i++)
        {
            enterprise.AddGist("octocat", createdAt: May1.AddMinutes(i));
        }

        var root = enterprise.BaseUrl.GetLeftPart(UriPartial.Authority);
        Assert.Equal($"{root}/api/v3/", enterprise.BaseUrl.ToString());
        Assert.Equal($"{root}/api/graphql", enterprise.GraphQLUrl.ToString());
        using var page = await Send(HttpMethod.Get, new Uri(enterprise.BaseUrl, "users/octocat/gists?per_page=2"), Token);
        var etag = page.Headers.ETag!.ToString();
        using var notModified = await Send(HttpMethod.Get, new Uri(enterprise.BaseUrl, "users/octocat/gists?per_page=2"), Token, ifNoneMatch: etag);
        using var unprefixed = await Send(HttpMethod.Get, new Uri($"{root}/users/octocat"), Token);
        using var dotComGraphQL = await Send(HttpMethod.Post, new Uri($"{root}/graphql"), Token, Json("""{"query":"{ rateLimit { cost } }"}"""));
        enterprise.FailNext("/graphql");
        using var faulted = await Send(HttpMethod.Post, enterprise.GraphQLUrl, Token, Json("""{"query":"{ rateLimit { cost } }"}"""));
        var (graphQL, body) = await Post("""{ user(login: "octocat") { gists(first: 5) { totalCount } } }""", url: enterprise.GraphQLUrl);

        Assert.Equal(
            $"<{root}/api/v3/users/octocat/gists?per_page=2&page=2>; rel=\"next\", <{root}/api/v3/users/octocat/gists?per_page=2&page=2>; rel=\"last\"",
            string.Join(",", page.Headers.GetValues("Link")));
        using var gists = JsonDocument.Parse(await page.Content.ReadAsStringAsync());
        Assert.StartsWith($"{root}/api/v3/gists/", gists.RootElement[0].GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (unprefixed.StatusCode, dotComGraphQL.StatusCode));
        Assert.Equal(HttpStatusCode.BadGateway, faulted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, graphQL.StatusCode);
        Assert.Equal(3, body.GetProperty("data").GetProperty("user").GetProperty("gists").GetProperty("totalCount").GetInt32());
        Assert.Equal("/api/graphql", enterprise.Requests[^1].Path);
    }

    [Fact]
    public async Task Gist_fields_answer_like_GitHubs_schema()
    {
        _github.AddUser("octocat", "The Octocat");
        _github.AddGist("octocat", id: "aa11", description: "hello", createdAt: May1.AddDays(-1), updatedAt: May1,
            files: [new FakeGistFile("hello.py", 112), new FakeGistFile("notes.txt", 7)]);

        var (_, body) = await Post("""
            { user(login: "octocat") { id name url avatarUrl gists(first: 1, privacy: ALL) { nodes {
                id name description createdAt updatedAt pushedAt isPublic url owner { login } files(limit: 1) { name size language { name } } } } }
              secret: user(login: "octocat") { gists(first: 1, privacy: SECRET) { totalCount } } }
            """);

        var user = body.GetProperty("data").GetProperty("user");
        Assert.Equal(("The Octocat", "https://github.com/octocat"), (user.GetProperty("name").GetString(), user.GetProperty("url").GetString()));
        Assert.Equal($"{_github.BaseUrl}avatars/octocat?v=4", user.GetProperty("avatarUrl").GetString());
        var gist = user.GetProperty("gists").GetProperty("nodes")[0];
        Assert.Equal(
            ("aa11", "hello", "2024-04-30T12:00:00Z", "2024-05-01T12:00:00Z", "2024-05-01T12:00:00Z", true, "https://gist.github.com/aa11", "octocat"),
            (gist.GetProperty("name").GetString(), gist.GetProperty("description").GetString(), gist.GetProperty("createdAt").GetString(),
                gist.GetProperty("updatedAt").GetString(), gist.GetProperty("pushedAt").GetString(), gist.GetProperty("isPublic").GetBoolean(),
                gist.GetProperty("url").GetString(), gist.GetProperty("owner").GetProperty("login").GetString()));
        var file = gist.GetProperty("files").EnumerateArray().Single();
        Assert.Equal(("hello.py", 112, "Python"), (file.GetProperty("name").GetString(), file.GetProperty("size").GetInt32(), file.GetProperty("language").GetProperty("name").GetString()));
        Assert.Equal(0, body.GetProperty("data").GetProperty("secret").GetProperty("gists").GetProperty("totalCount").GetInt32());
    }

    private async Task<(HttpResponseMessage Response, JsonElement Body)> Post(string query, object? variables = null, Uri? url = null)
    {
        using var content = JsonContent(new { query, variables });
        var response = await Send(HttpMethod.Post, url ?? _github.GraphQLUrl, Token, content);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response, body.RootElement.Clone());
    }

    private async Task<HttpResponseMessage> Send(HttpMethod method, Uri url, string? token, HttpContent? content = null, bool chunked = false, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("bearer", token);
        }

        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        request.Headers.TransferEncodingChunked = chunked ? true : null;
        return await _http.SendAsync(request);
    }

    private static StringContent JsonContent(object value) => Json(JsonSerializer.Serialize(value));

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static string Header(HttpResponseMessage response, string name) => response.Headers.GetValues(name).Single();

    /// <summary>A body of unknown length, so HttpClient must send it chunked.</summary>
    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
