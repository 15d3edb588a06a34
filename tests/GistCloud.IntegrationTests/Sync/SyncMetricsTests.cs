using System.Globalization;
using System.Text.Json;
using GistCloud.Core.Domain.SyncRuns;
using GistCloud.Core.Monitoring;
using GistCloud.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GistCloud.IntegrationTests.Sync;

/// <summary>
/// Issue 11: each finished run writes its figures as one CloudWatch EMF line (the sync Lambda's stdout), which the
/// Pulumi alarms read as metrics. Real runs on DynamoDB Local and the fake GitHub and Pipedrive; the line is caught
/// by replacing the writer the core registers, and compared with the run record the store holds.
/// </summary>
public sealed class SyncMetricsTests
{
    private static readonly Dictionary<string, string?> MetricsOn = new()
    {
        ["Sync:MetricsNamespace"] = "GistCloud",
        ["Sync:MetricsStage"] = "test",
    };

    [Fact]
    public async Task A_completed_run_writes_one_emf_line_whose_figures_match_its_stored_record()
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        await using var harness = await StartAsync(output, MetricsOn);
        await harness.TrackAsync("metrics-fine", gists: 3);
        await harness.TrackAsync("metrics-more", gists: 2);
        await harness.TrackAsync("metrics-broken", gists: 1);
        harness.GitHub.FailNext("metrics-broken", count: 100, statusCode: 502);

        var run = await harness.RunAsync();

        var stored = await harness.Runs.FindAsync(run.RunId, default);
        Assert.NotNull(stored);
        Assert.Equal(SyncRunOutcome.Completed, stored.Outcome);
        var root = SingleLine(output);
        var directive = root.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0];
        Assert.Equal("GistCloud", directive.GetProperty("Namespace").GetString());
        Assert.Equal("[[\"Stage\"]]", directive.GetProperty("Dimensions").GetRawText());
        Assert.Equal(stored.FinishedAt!.Value.ToUnixTimeMilliseconds(), root.GetProperty("_aws").GetProperty("Timestamp").GetInt64());
        Assert.Equal("test", root.GetProperty("Stage").GetString());
        Assert.Equal(stored.RunId, root.GetProperty("RunId").GetString());
        Assert.Equal("completed", root.GetProperty("Outcome").GetString());
        Assert.Equal(1, root.GetProperty("RunsCompleted").GetInt32());
        Assert.Equal(0, root.GetProperty("RunsFailed").GetInt32());
        Assert.Equal(0, root.GetProperty("RunsStoppedEarly").GetInt32());

        Assert.Equal(5, stored.Figures.GistsStored); // the figures below are a real run's, not zeros
        Assert.Equal(5, stored.Figures.GistsPublished);
        Assert.Equal(stored.Figures.UsersChecked, root.GetProperty("UsersChecked").GetInt32());
        Assert.Equal(stored.Figures.UsersChanged, root.GetProperty("UsersChanged").GetInt32());
        Assert.Equal(stored.Figures.GistsStored, root.GetProperty("GistsStored").GetInt32());
        Assert.Equal(stored.Figures.GistsPublished, root.GetProperty("GistsPublished").GetInt32());
        Assert.Equal(stored.Figures.GistsFailed, root.GetProperty("GistsFailed").GetInt32());
        Assert.Equal(stored.Figures.GitHubRequests, root.GetProperty("GitHubRequests").GetInt32());
        Assert.Equal(stored.Figures.GraphQLRequests, root.GetProperty("GraphQLRequests").GetInt32());
        Assert.Equal(1, root.GetProperty("UserErrors").GetInt32());
        Assert.Equal(stored.Errors.Count, root.GetProperty("UserErrors").GetInt32());
        Assert.Equal(stored.Duration!.Value.TotalSeconds, root.GetProperty("RunDuration").GetDouble(), precision: 3);
    }

    [Fact]
    public async Task A_run_stopped_by_the_github_rate_limit_counts_as_stopped_early()
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        await using var harness = await StartAsync(output, new(MetricsOn) { ["Sync:Concurrency"] = "1" });
        for (var i = 0; i < 4; i++)
        {
            await harness.TrackAsync($"metrics-limited{i}", gists: 1);
        }

        harness.GitHub.SetRateLimitRemaining(2, token: SyncHarness.GitHubToken);

        var run = await harness.RunAsync();

        Assert.Equal(SyncRunOutcome.StoppedEarly, run.Outcome);
        var root = SingleLine(output);
        Assert.Equal("stoppedEarly", root.GetProperty("Outcome").GetString());
        Assert.Equal(1, root.GetProperty("RunsStoppedEarly").GetInt32());
        Assert.Equal(0, root.GetProperty("RunsCompleted").GetInt32());
        Assert.Equal(0, root.GetProperty("RunsFailed").GetInt32());
        Assert.Equal(run.Figures.GistsStored, root.GetProperty("GistsStored").GetInt32());
    }

    [Fact]
    public async Task A_run_cut_short_by_a_crash_counts_as_failed()
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        await using var harness = await StartAsync(output, new(MetricsOn) { ["Sync:Concurrency"] = "1" });
        await harness.TrackAsync("metrics-crasher", gists: 1);
        using var crash = new CancellationTokenSource();
        var runEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Pipedrive.Faults.AfterCreate = async _ =>
        {
            harness.Pipedrive.Faults.AfterCreate = null;
            await crash.CancelAsync(); // the process "dies" while Pipedrive answers
            await runEnded.Task.WaitAsync(TestClock.SafetyCap);
        };

        var run = await harness.RunAsync(crash.Token);
        runEnded.SetResult();

        Assert.Equal(SyncRunOutcome.Failed, run.Outcome);
        var root = SingleLine(output);
        Assert.Equal("failed", root.GetProperty("Outcome").GetString());
        Assert.Equal(1, root.GetProperty("RunsFailed").GetInt32());
        Assert.Equal(0, root.GetProperty("RunsCompleted").GetInt32());
        Assert.Equal(0, root.GetProperty("RunsStoppedEarly").GetInt32());
    }

    [Fact]
    public async Task Without_a_metrics_namespace_a_run_writes_nothing()
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        await using var harness = await StartAsync(output, new() { ["Sync:MetricsStage"] = "test" });
        await harness.TrackAsync("metrics-off", gists: 1);

        var run = await harness.RunAsync();

        Assert.Equal(SyncRunOutcome.Completed, run.Outcome);
        Assert.Equal(1, run.Figures.GistsStored);
        Assert.Equal(string.Empty, output.ToString());
    }

    private static Task<SyncHarness> StartAsync(StringWriter output, Dictionary<string, string?> settings) =>
        SyncHarness.StartAsync(settings, services: s => s.AddSingleton(new EmbeddedMetricsOutput(output)));

    private static JsonElement SingleLine(StringWriter output)
    {
        var line = Assert.Single(output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        using var document = JsonDocument.Parse(line);
        return document.RootElement.Clone();
    }
}
