using System.Globalization;
using System.Text.Json;
using GistCloud.Core.Domain.SyncRuns;
using GistCloud.Core.Domain.Users;
using GistCloud.Core.Monitoring;
using Microsoft.Extensions.Logging.Abstractions;

namespace GistCloud.UnitTests.Monitoring;

/// <summary>The EMF line of a finished run: the shape CloudWatch extracts metrics from, and the names and units the Pulumi alarms use.</summary>
public sealed class EmbeddedMetricsWriterTests
{
    private static readonly DateTimeOffset StartedAt = new(2025, 3, 4, 5, 6, 7, 123, TimeSpan.Zero);

    /// <summary>The contract with infra/PulumiStack's alarms: a rename here is a rename there.</summary>
    private static readonly Dictionary<string, string> ExpectedUnits = new(StringComparer.Ordinal)
    {
        ["RunsCompleted"] = "Count",
        ["RunsFailed"] = "Count",
        ["RunsStoppedEarly"] = "Count",
        ["RunDuration"] = "Seconds",
        ["UsersChecked"] = "Count",
        ["UsersChanged"] = "Count",
        ["GistsStored"] = "Count",
        ["GistsPublished"] = "Count",
        ["GistsFailed"] = "Count",
        ["GitHubRequests"] = "Count",
        ["GraphQLRequests"] = "Count",
        ["UserErrors"] = "Count",
    };

    [Fact]
    public void A_finished_run_is_one_line_with_namespace_stage_dimension_timestamp_and_every_metric_as_a_number()
    {
        var run = Run(SyncRunOutcome.Completed) with
        {
            Figures = new SyncFigures(UsersChecked: 7, UsersChanged: 3, GistsStored: 5, GistsUpdated: 99, GistsPublished: 4, GistsFailed: 1, GitHubRequests: 12, GraphQLRequests: 2),
            Errors = [new UserSyncError(GitHubUsername.Parse("broken"), "502"), new UserSyncError(GitHubUsername.Parse("gone"), "404")],
        };

        var line = Write(run);

        Assert.DoesNotContain('\n', line.TrimEnd('\n', '\r'));
        Assert.EndsWith(Environment.NewLine, line, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var aws = root.GetProperty("_aws");
        Assert.Equal(run.FinishedAt!.Value.ToUnixTimeMilliseconds(), aws.GetProperty("Timestamp").GetInt64());
        var directive = Assert.Single(aws.GetProperty("CloudWatchMetrics").EnumerateArray());
        Assert.Equal("GistCloud", directive.GetProperty("Namespace").GetString());
        Assert.Equal("[[\"Stage\"]]", directive.GetProperty("Dimensions").GetRawText());
        var units = directive.GetProperty("Metrics").EnumerateArray()
            .ToDictionary(m => m.GetProperty("Name").GetString()!, m => m.GetProperty("Unit").GetString()!, StringComparer.Ordinal);
        Assert.Equal(ExpectedUnits.OrderBy(p => p.Key, StringComparer.Ordinal), units.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.All(units.Keys, name => Assert.Equal(JsonValueKind.Number, root.GetProperty(name).ValueKind));

        Assert.Equal("prd", root.GetProperty("Stage").GetString());
        Assert.Equal(run.RunId, root.GetProperty("RunId").GetString());
        Assert.Equal("manual", root.GetProperty("Trigger").GetString());
        Assert.Equal("completed", root.GetProperty("Outcome").GetString());
        Assert.Equal(7, root.GetProperty("UsersChecked").GetInt32());
        Assert.Equal(3, root.GetProperty("UsersChanged").GetInt32());
        Assert.Equal(5, root.GetProperty("GistsStored").GetInt32());
        Assert.Equal(4, root.GetProperty("GistsPublished").GetInt32());
        Assert.Equal(1, root.GetProperty("GistsFailed").GetInt32());
        Assert.Equal(12, root.GetProperty("GitHubRequests").GetInt32());
        Assert.Equal(2, root.GetProperty("GraphQLRequests").GetInt32());
        Assert.Equal(2, root.GetProperty("UserErrors").GetInt32());
        Assert.Equal(83.25, root.GetProperty("RunDuration").GetDouble());
    }

    [Theory]
    [InlineData(SyncRunOutcome.Completed, "completed", 1, 0, 0)]
    [InlineData(SyncRunOutcome.Failed, "failed", 0, 1, 0)]
    [InlineData(SyncRunOutcome.StoppedEarly, "stoppedEarly", 0, 0, 1)]
    public void The_outcome_sets_exactly_its_run_count_to_one(SyncRunOutcome outcome, string outcomeText, int completed, int failed, int stoppedEarly)
    {
        using var document = JsonDocument.Parse(Write(Run(outcome)));
        var root = document.RootElement;

        Assert.Equal(outcomeText, root.GetProperty("Outcome").GetString());
        Assert.Equal(completed, root.GetProperty("RunsCompleted").GetInt32());
        Assert.Equal(failed, root.GetProperty("RunsFailed").GetInt32());
        Assert.Equal(stoppedEarly, root.GetProperty("RunsStoppedEarly").GetInt32());
    }

    [Fact]
    public void Text_that_needs_escaping_stays_on_one_line_of_valid_json()
    {
        var line = Write(Run(SyncRunOutcome.Completed), stage: "dev\n\"quoted\"");

        Assert.Single(line.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        using var document = JsonDocument.Parse(line);
        Assert.Equal("dev\n\"quoted\"", document.RootElement.GetProperty("Stage").GetString());
    }

    [Fact]
    public void A_failing_writer_or_an_unfinished_run_never_throws_into_the_run()
    {
        var broken = new EmbeddedMetricsWriter(new EmbeddedMetricsOptions("GistCloud", "prd"), new EmbeddedMetricsOutput(new BrokenWriter()), NullLogger<EmbeddedMetricsWriter>.Instance);
        broken.Record(Run(SyncRunOutcome.Completed));

        using var output = new StringWriter(CultureInfo.InvariantCulture);
        var writer = new EmbeddedMetricsWriter(new EmbeddedMetricsOptions("GistCloud", "prd"), new EmbeddedMetricsOutput(output), NullLogger<EmbeddedMetricsWriter>.Instance);
        writer.Record(Run(SyncRunOutcome.Running) with { FinishedAt = null });

        Assert.Equal(string.Empty, output.ToString());
    }

    private static SyncRun Run(SyncRunOutcome outcome) => new(
        "0195a1b2c3d4e5f60718293a4b5c6d7e", SyncTrigger.Manual, outcome, StartedAt, StartedAt.AddSeconds(83.25), new SyncFigures(), [], null);

    private static string Write(SyncRun run, string stage = "prd")
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        var writer = new EmbeddedMetricsWriter(new EmbeddedMetricsOptions("GistCloud", stage), new EmbeddedMetricsOutput(output), NullLogger<EmbeddedMetricsWriter>.Instance);
        writer.Record(run);
        return output.ToString();
    }

    private sealed class BrokenWriter : StringWriter
    {
        public BrokenWriter()
            : base(CultureInfo.InvariantCulture)
        {
        }

        public override void WriteLine(string? value) => throw new IOException("stdout is closed");
    }
}
