using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GistCloud.Core.Domain.SyncRuns;
using GistCloud.Core.Storage.SyncRuns;
using GistCloud.Fakes.Pipedrive;
using Microsoft.AspNetCore.Mvc.Testing;

namespace GistCloud.IntegrationTests.Api;

/// <summary>Failures one can act on: attempts out of how many, links into Pipedrive, and which gists a run failed to publish.</summary>
public sealed class PipedriveDetailsApiTests(GistCloudApiFactory app) : IClassFixture<GistCloudApiFactory>, IAsyncLifetime
{
    private const string PipedriveToken = "pd-api-details-token-0123456789";

    private FakePipedriveServer _pipedrive = null!;

    public async Task InitializeAsync() => _pipedrive = await FakePipedriveServer.StartAsync(PipedriveToken);

    public async Task DisposeAsync() => await _pipedrive.DisposeAsync();

    [Fact]
    public async Task A_published_deal_links_to_its_page_and_the_user_to_their_person()
    {
        using var api = WithPipedrive("deal");
        using var client = AdminClient(api);
        app.GitHub.AddUser("deal-linked");
        app.GitHub.AddGists("deal-linked", 2);
        await TrackAsync(client, "deal-linked");

        var run = await SyncAsync(client);

        Assert.Equal(2, run.GetProperty("figures").GetProperty("gistsPublished").GetInt32());
        Assert.Empty(run.GetProperty("failedGists").EnumerateArray());
        Assert.Equal(0, run.GetProperty("failedGistsLeftOut").GetInt32());
        var basePath = _pipedrive.BaseUrl.ToString().TrimEnd('/');
        var gists = await client.GetFromJsonAsync<JsonElement>("/api/users/deal-linked/gists");
        foreach (var gist in gists.GetProperty("items").EnumerateArray())
        {
            var pipedrive = gist.GetProperty("pipedrive");
            Assert.Equal("published", pipedrive.GetProperty("status").GetString());
            Assert.Equal($"{basePath}/deal/{pipedrive.GetProperty("itemId").GetInt64()}", pipedrive.GetProperty("itemUrl").GetString());
            Assert.Equal(3, pipedrive.GetProperty("maxAttempts").GetInt32());
        }

        var user = await client.GetFromJsonAsync<JsonElement>("/api/users/deal-linked");
        Assert.Matches($"^{System.Text.RegularExpressions.Regex.Escape(basePath)}/person/[0-9]+$", user.GetProperty("pipedrivePersonUrl").GetString());
    }

    [Fact]
    public async Task A_run_names_the_gists_it_failed_to_publish_with_their_error_and_attempts()
    {
        using var api = WithPipedrive("activity");
        using var client = AdminClient(api);
        app.GitHub.AddUser("publish-fails");
        app.GitHub.AddGists("publish-fails", 2);
        await TrackAsync(client, "publish-fails");
        _pipedrive.FailNext(count: 1000, statusCode: 503, pathPrefix: "/api/v2/activities");

        var run = await SyncAsync(client);
        _pipedrive.Faults.Clear();

        var failed = run.GetProperty("failedGists").EnumerateArray().ToList();
        Assert.Equal(app.GitHub.GistIdsOf("publish-fails").Order(), failed.Select(f => f.GetProperty("gistId").GetString()).Order());
        Assert.All(failed, f =>
        {
            Assert.Equal("publish-fails", f.GetProperty("username").GetString());
            Assert.Equal(1, f.GetProperty("attempts").GetInt32());
            Assert.Contains("503", f.GetProperty("error").GetString(), StringComparison.Ordinal);
        });
        Assert.Equal(2, run.GetProperty("figures").GetProperty("gistsFailed").GetInt32());
        var gists = await client.GetFromJsonAsync<JsonElement>("/api/users/publish-fails/gists");
        Assert.All(gists.GetProperty("items").EnumerateArray(), g =>
        {
            var pipedrive = g.GetProperty("pipedrive");
            Assert.Equal(1, pipedrive.GetProperty("attempts").GetInt32());
            Assert.Equal(3, pipedrive.GetProperty("maxAttempts").GetInt32());
            Assert.Equal(JsonValueKind.Null, pipedrive.GetProperty("itemUrl").ValueKind);
        });

        // The next run publishes them: activities have no page of their own, so the person is the link.
        await SyncAsync(client);
        var published = await client.GetFromJsonAsync<JsonElement>("/api/users/publish-fails/gists");
        Assert.All(published.GetProperty("items").EnumerateArray(), g => Assert.Equal(JsonValueKind.Null, g.GetProperty("pipedrive").GetProperty("itemUrl").ValueKind));
        var user = await client.GetFromJsonAsync<JsonElement>("/api/users/publish-fails");
        Assert.NotEqual(JsonValueKind.Null, user.GetProperty("pipedrivePersonUrl").ValueKind);
    }

    [Fact]
    public async Task Runs_stored_before_failed_gists_were_recorded_answer_without_them_and_no_base_url_means_no_links()
    {
        var runId = SyncRunItem.NewRunId(DateTimeOffset.UtcNow);
        await app.Service<SyncRunStore>().SaveAsync(
            new SyncRun(runId, SyncTrigger.Schedule, SyncRunOutcome.Completed, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow, new SyncFigures(), [], null),
            default);
        app.GitHub.AddUser("no-links");
        app.GitHub.AddGists("no-links", 1);
        await app.TrackAsync("no-links");
        using var client = app.CreateClient();

        var run = await client.GetFromJsonAsync<JsonElement>($"/api/sync/runs/{runId}");
        var gist = (await client.GetFromJsonAsync<JsonElement>("/api/users/no-links/gists")).GetProperty("items")[0];
        var user = await client.GetFromJsonAsync<JsonElement>("/api/users/no-links");

        Assert.False(run.TryGetProperty("failedGists", out _));
        Assert.False(run.TryGetProperty("failedGistsLeftOut", out _));
        Assert.Equal(JsonValueKind.Null, gist.GetProperty("pipedrive").GetProperty("itemUrl").ValueKind);
        Assert.Equal(5, gist.GetProperty("pipedrive").GetProperty("maxAttempts").GetInt32());
        Assert.Equal(JsonValueKind.Null, user.GetProperty("pipedrivePersonUrl").ValueKind);
    }

    private WebApplicationFactory<Program> WithPipedrive(string mode) => app.WithWebHostBuilder(b => b
        .UseSetting("Pipedrive:ApiToken", PipedriveToken)
        .UseSetting("Pipedrive:BaseUrl", _pipedrive.BaseUrl.ToString())
        .UseSetting("Pipedrive:Mode", mode)
        .UseSetting("Pipedrive:MaxAttempts", "3")
        .UseSetting("Pipedrive:MaxRetries", "1")
        .UseSetting("Pipedrive:RetryBaseDelay", "00:00:00.010")
        .UseSetting("Pipedrive:MaxRetryDelay", "00:00:00.100"));

    private static HttpClient AdminClient(WebApplicationFactory<Program> api)
    {
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", GistCloudApiFactory.AdminKey);
        return client;
    }

    private static async Task TrackAsync(HttpClient client, string username)
    {
        var response = await client.PostAsJsonAsync("/api/users", new { username });
        Assert.True(response.IsSuccessStatusCode, $"POST /api/users {username}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<JsonElement> SyncAsync(HttpClient client)
    {
        var started = await ProblemAssert.JsonAsync(await client.PostAsync("/api/sync", null), HttpStatusCode.Accepted);
        var runId = started.GetProperty("runId").GetString()!;
        for (var i = 0; i < 200; i++)
        {
            var run = await client.GetFromJsonAsync<JsonElement>($"/api/sync/runs/{runId}");
            if (run.GetProperty("outcome").GetString() != "running")
            {
                return run;
            }

            await Task.Delay(100); // polls real work (the run's requests and writes), not a timer
        }

        throw new TimeoutException($"Run {runId} did not finish.");
    }
}
