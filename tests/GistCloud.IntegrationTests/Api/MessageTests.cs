using System.Net;
using System.Text;
using System.Text.Json;

namespace GistCloud.IntegrationTests.Api;

/// <summary>Problems name fields and values in the caller's terms, never a .NET type.</summary>
public class MessageTests(GistCloudApiFactory app) : IClassFixture<GistCloudApiFactory>
{
    private static readonly string[] Internal = ["GistCloud.", "System.", "Microsoft.", "Nullable", "`1"];

    [Fact]
    public async Task No_problem_names_an_internal_type()
    {
        using var client = app.CreateAdminClient();
        var gets = new[]
        {
            "/api/users?limit=abc", "/api/users?limit=1.5", "/api/users?limit=-1", "/api/users?limit=999999999999", "/api/users?limit=%F0%9F%98%80",
            "/api/users?limit=0", "/api/users?cursor=%00", "/api/users?cursor=not-a-cursor", "/api/users?limit=1&limit=2",
            "/api/users/%F0%9F%98%80", "/api/users/a%2Fb", "/api/users/" + new string('a', 300), "/api/users/-x-/gists?limit=x",
            "/api/users/octocat/visits/not-hex", "/api/sync/runs?limit=abc", "/api/sync/runs/xyz", "/api/sync/runs?cursor=%E2%82%AC",
        };
        var bodies = new[]
        {
            "{\"username\": 42}", "{\"username\": true}", "{\"username\": {}}", "{\"username\": [\"a\"]}", "[]", "42", "\"text\"",
            "{\"username\": ", "{\"username\": \"a\"}x", "{", "{\"username\": \"\\ud800\"}", "{\"username\": \"a\",}", "\u00ff\u00fe",
            "{\"username\": \"😀😀\"}", "{\"username\": null}", "{\"username\": 1e999}",
        };

        var problems = new List<string>();
        foreach (var url in gets)
        {
            problems.Add(await ProblemOfAsync(await client.GetAsync(url), "GET " + url));
        }

        foreach (var body in bodies)
        {
            problems.Add(await ProblemOfAsync(
                await client.PostAsync("/api/users", new StringContent(body, Encoding.UTF8, "application/json")), "POST " + body));
        }

        foreach (var problem in problems)
        {
            foreach (var word in Internal)
            {
                Assert.DoesNotContain(word, problem, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData("{\"username\": 42}", "username must be a string; the body has something else at $.username (line 1, byte 16).")]
    [InlineData("{\"username\": [\"a\"]}", "username must be a string")]
    [InlineData("[]", "The request body must be an object")]
    [InlineData("{\"username\": ", "The request body is not valid JSON at $.username")]
    public async Task A_json_body_fault_names_the_field_and_what_was_expected(string body, string detail)
    {
        using var client = app.CreateAdminClient();

        var response = await client.PostAsync("/api/users", new StringContent(body, Encoding.UTF8, "application/json"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, detail);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData("0")]
    [InlineData("101")]
    [InlineData("-1")]
    public async Task A_bad_limit_says_the_rule_and_echoes_the_value(string limit)
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync($"/api/users?limit={limit}");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, $"limit must be a whole number from 1 to 100; got '{limit}'.");
        Assert.True(problem.GetProperty("errors").TryGetProperty("limit", out _));
    }

    [Theory]
    [InlineData("/api/users?limit=")]
    [InlineData("/api/users?limit=&cursor=")]
    [InlineData("/api/sync/runs?limit=")]
    public async Task An_empty_limit_means_the_default(string url)
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("😀", "'😀' (U+1F600)")]
    [InlineData("ab😀cd", "'😀' (U+1F600)")]
    [InlineData("e\u0301", "'e\u0301' (U+0065 U+0301)")]
    public async Task A_username_names_the_offending_character_as_itself_and_its_code_points(string username, string named)
    {
        using var client = app.CreateAdminClient();

        var response = await client.PostAsync("/api/users", JsonBody(username));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, $"contains {named}.");
        Assert.DoesNotContain("\uFFFD", problem.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("U+FFFD", problem.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Username_length_counts_characters_not_utf16_units()
    {
        using var client = app.CreateAdminClient();

        // 20 emoji are 40 UTF-16 units but 20 characters: the fault is the character, not the length.
        var emoji = await client.PostAsync("/api/users", JsonBody(string.Concat(Enumerable.Repeat("😀", 20))));
        var long40 = await client.PostAsync("/api/users", JsonBody(new string('a', 40)));

        await ProblemAssert.IsProblemAsync(emoji, HttpStatusCode.BadRequest, "contains '😀' (U+1F600)");
        await ProblemAssert.IsProblemAsync(long40, HttpStatusCode.BadRequest, "at most 39 characters; 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' has 40.");
    }

    private static StringContent JsonBody(string username) =>
        new(JsonSerializer.Serialize(new { username }), Encoding.UTF8, "application/json");

    private static async Task<string> ProblemOfAsync(HttpResponseMessage response, string what)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{what}: {(int)response.StatusCode} {body}");
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{what}: {response.Content.Headers.ContentType} {body}");
        using var problem = JsonDocument.Parse(body);
        Assert.True(problem.RootElement.TryGetProperty("detail", out _), $"{what}: no detail in {body}");
        return body;
    }
}
