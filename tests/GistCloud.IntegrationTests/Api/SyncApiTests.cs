using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GistCloud.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace GistCloud.IntegrationTests.Api;

public class SyncApiTests(GistCloudApiFactory app) : IClassFixture<GistCloudApiFactory>
{
    [Fact]
    public async Task Starting_a_sync_answers_202_with_the_run_that_then_completes_with_its_figures()
    {
        app.GitHub.AddUser("synced-by-api");
        await app.TrackAsync("synced-by-api");
        app.GitHub.AddGists("synced-by-api", 2);
        using var client = app.CreateAdminClient();

        var response = await client.PostAsync("/api/sync", null);

        var started = await ProblemAssert.JsonAsync(response, HttpStatusCode.Accepted);
        var runId = started.GetProperty("runId").GetString()!;
        Assert.Equal($"/api/sync/runs/{runId}", response.Headers.Location?.OriginalString);
        var run = await WaitForRunAsync(client, runId);
        Assert.Equal("completed", run.GetProperty("outcome").GetString());
        Assert.Equal("manual", run.GetProperty("trigger").GetString());
        Assert.Equal(2, run.GetProperty("figures").GetProperty("gistsStored").GetInt32());
        var runs = await client.GetFromJsonAsync<JsonElement>("/api/sync/runs");
        Assert.Contains(runs.GetProperty("items").EnumerateArray(), r => r.GetProperty("runId").GetString() == runId);
        var gists = await client.GetFromJsonAsync<JsonElement>("/api/users/synced-by-api/gists");
        Assert.Equal(2, gists.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Starting_a_sync_while_one_runs_answers_409_naming_the_running_run()
    {
        app.GitHub.AddUser("busy-sync");
        await app.TrackAsync("busy-sync");
        var release = app.GitHub.HoldNext("busy-sync"); // the first run stays in flight until released: no race with a timer
        using var client = app.CreateAdminClient();

        string runId;
        try
        {
            var first = await ProblemAssert.JsonAsync(await client.PostAsync("/api/sync", null), HttpStatusCode.Accepted);
            var second = await client.PostAsync("/api/sync", null);

            runId = first.GetProperty("runId").GetString()!;
            await ProblemAssert.IsProblemAsync(second, HttpStatusCode.Conflict, runId);
            var status = await client.GetFromJsonAsync<JsonElement>("/api/sync");
            Assert.True(status.GetProperty("workerHosted").GetBoolean());
        }
        finally
        {
            release();
        }

        await WaitForRunAsync(client, runId);
    }

    [Fact]
    public async Task Starting_a_sync_needs_the_api_key()
    {
        using var client = app.CreateClient();

        var response = await client.PostAsync("/api/sync", null);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "X-Api-Key");
    }

    [Fact]
    public async Task Where_the_api_does_not_host_the_worker_starting_a_sync_answers_503()
    {
        using var notHosted = app.WithWebHostBuilder(b => b.UseSetting("Sync:Interval", "00:00:00"));
        using var client = notHosted.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", GistCloudApiFactory.AdminKey);

        var response = await client.PostAsync("/api/sync", null);
        var status = await client.GetFromJsonAsync<JsonElement>("/api/sync");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable, "does not run the sync");
        Assert.False(status.GetProperty("workerHosted").GetBoolean());
        Assert.False(status.GetProperty("canStartRun").GetBoolean());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("nextRunAt").ValueKind);
    }

    [Fact]
    public async Task The_timer_runs_the_sync_on_its_interval()
    {
        var clock = new TestClock();
        var interval = TimeSpan.FromSeconds(1);
        using var timed = app.WithWebHostBuilder(b => b
            .UseSetting("Sync:Interval", "00:00:01")
            .ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock)));
        app.GitHub.AddUser("timer-user");
        await app.TrackAsync("timer-user");
        app.GitHub.AddGists("timer-user", 1);
        using var client = timed.CreateClient();

        var status = await client.GetFromJsonAsync<JsonElement>("/api/sync"); // the worker is waiting for its first tick
        Assert.Equal(clock.GetUtcNow() + interval, status.GetProperty("nextRunAt").GetDateTimeOffset());
        Assert.DoesNotContain((await client.GetFromJsonAsync<JsonElement>("/api/sync/runs")).GetProperty("items").EnumerateArray(), IsScheduled);

        clock.Advance(interval);
        JsonElement scheduled = default;
        await TestClock.WaitUntilAsync(
            async () =>
            {
                var runs = await client.GetFromJsonAsync<JsonElement>("/api/sync/runs");
                scheduled = runs.GetProperty("items").EnumerateArray().FirstOrDefault(r => IsScheduled(r) && r.GetProperty("outcome").GetString() != "running");
                return scheduled.ValueKind != JsonValueKind.Undefined;
            },
            "the scheduled run finished");

        var gists = await client.GetFromJsonAsync<JsonElement>("/api/users/timer-user/gists");
        Assert.Equal(1, gists.GetProperty("items").GetArrayLength());
    }

    private static bool IsScheduled(JsonElement run) => run.GetProperty("trigger").GetString() == "schedule";

    [Fact]
    public async Task An_unknown_run_is_404()
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync("/api/sync/runs/0195f4c2a7b87c3d9e0f112233445566");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "no sync run");
    }

    private static async Task<JsonElement> WaitForRunAsync(HttpClient client, string runId)
    {
        for (var i = 0; i < 100; i++)
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
