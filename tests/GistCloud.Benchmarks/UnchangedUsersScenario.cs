using GistCloud.Core.Sync;

namespace GistCloud.Benchmarks;

/// <summary>
/// Scenario 1, the cost of a quiet run: N users whose gists were all synced before. Each should cost one
/// conditional request that GitHub answers 304 and does not count, and Pipedrive nothing at all.
/// </summary>
internal static class UnchangedUsersScenario
{
    public static async Task RunAsync(BenchmarkArguments arguments, string dynamoDbUrl, CpuClock cpu, Verdicts verdicts, CancellationToken cancellationToken)
    {
        var (users, gistsPerUser) = (arguments.UnchangedUsers, arguments.UnchangedGists);
        var concurrency = new SyncOptions().Concurrency; // the default, as deployed
        Console.WriteLine();
        Console.WriteLine($"== 1. {RunTable.Number(users)} unchanged users ({gistsPerUser} gists each, GitHub token set, no added latency, Sync:Concurrency {concurrency})");

        // The REST path (one conditional listing per user); scenario 3 measures the GraphQL change probe.
        await using var bench = await SyncBench.StartAsync(dynamoDbUrl, TimeSpan.Zero, concurrency, cpu, cancellationToken, SyncBench.RestOnlySettings);
        await bench.SeedAsync(users, gistsPerUser, cancellationToken);
        var first = await bench.RunAsync(cancellationToken);
        var second = await bench.RunAsync(cancellationToken);

        RunTable.Print(
        [
            RunTable.Row(concurrency, "1 first sync", first, TimeSpan.Zero),
            RunTable.Row(concurrency, "2 nothing new", second, TimeSpan.Zero),
        ]);
        RunTable.PrintLegend(withLatency: false);
        RunTable.PrintPipedriveEndpoints("run 1", first);

        verdicts.Completed("run 1", first, users);
        verdicts.StoredAndPublishedAll("run 1", first, users * gistsPerUser);
        verdicts.Completed("run 2", second, users);
        verdicts.Check(
            second.GitHubCounted == 0,
            $"run 2: 0 GitHub requests counted against the rate limit ({RunTable.Number(second.GitHubReceived)} received, {RunTable.Number(second.GitHubNotModified)} answered 304)",
            $"run 2: {RunTable.Number(second.GitHubCounted)} GitHub requests counted against the rate limit; must be 0 ({RunTable.Number(second.GitHubReceived)} received, {RunTable.Number(second.GitHubNotModified)} answered 304)");
        verdicts.Check(
            second.GitHubReceived == users && second.GitHubNotModified == users,
            $"run 2: one request per user, each a 304",
            $"run 2: {RunTable.Number(second.GitHubReceived)} GitHub requests and {RunTable.Number(second.GitHubNotModified)} 304s for {RunTable.Number(users)} users (expected one 304 each)");
        verdicts.Check(
            second.PipedriveRequests == 0,
            "run 2: 0 Pipedrive requests",
            $"run 2: {RunTable.Number(second.PipedriveRequests)} Pipedrive requests; expected none (nothing new to publish)");
    }
}
