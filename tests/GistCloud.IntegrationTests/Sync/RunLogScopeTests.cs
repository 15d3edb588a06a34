using GistCloud.Core.Domain.SyncRuns;
using GistCloud.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace GistCloud.IntegrationTests.Sync;

/// <summary>Each log line a run writes, from any class under it, carries the run's id (issue 11: one run's lines are one query away).</summary>
public class RunLogScopeTests
{
    [Fact]
    public async Task Lines_from_the_scanner_and_the_GitHub_reader_during_a_run_carry_its_run_id_and_lines_outside_do_not()
    {
        var logs = new ScopedLogs();
        await using var harness = await SyncHarness.StartAsync(logging: builder => builder.AddProvider(logs).SetMinimumLevel(LogLevel.Information));
        await harness.TrackAsync("fine", gists: 1);
        await harness.TrackAsync("broken", gists: 1);
        harness.GitHub.FailNext("broken", count: 100, statusCode: 502);
        logs.Lines.Clear();

        var run = await harness.RunAsync();

        var during = logs.Lines.Where(l => l.RunId is not null).ToList();
        Assert.All(during, l => Assert.Equal(run.RunId, l.RunId));
        Assert.Contains(during, l => l.Category.EndsWith("GitHubReader", StringComparison.Ordinal) && l.Level == LogLevel.Warning && l.Message.Contains("broken", StringComparison.Ordinal));
        Assert.Contains(during, l => l.Category.EndsWith("UserScanner", StringComparison.Ordinal));
        Assert.Contains(during, l => l.Category.EndsWith("SyncEngine", StringComparison.Ordinal) && l.Message.Contains(run.RunId, StringComparison.Ordinal) && l.Message.Contains(nameof(SyncRunOutcome.Completed), StringComparison.Ordinal));

        logs.Lines.Clear();
        await harness.Users.FindAsync(Core.Domain.Users.GitHubUsername.Parse("fine"), default);
        Assert.All(logs.Lines, l => Assert.Null(l.RunId));
    }
}
