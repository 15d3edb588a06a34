using System.Diagnostics;
using System.Globalization;

namespace GistCloud.Benchmarks;

/// <summary>
/// Scenario 2, a big run over a slow network: N users, latency on every fake GitHub and Pipedrive request, once per
/// concurrency level, each on a fresh table prefix and fresh fakes. Run 1 finds everything new (stores, publishes);
/// run 2 finds nothing new.
/// </summary>
internal static class LatencyScenario
{
    public static async Task RunAsync(BenchmarkArguments arguments, string dynamoDbUrl, CpuClock cpu, Verdicts verdicts, CancellationToken cancellationToken)
    {
        var (users, gistsPerUser) = (arguments.Users, arguments.Gists);
        var latency = TimeSpan.FromMilliseconds(arguments.LatencyMs);
        Console.WriteLine();
        Console.WriteLine($"== 2. {RunTable.Number(users)} users, {gistsPerUser} gists each, {arguments.LatencyMs} ms latency on every fake GitHub and Pipedrive request");

        var runs = new List<(int Concurrency, RunFigures First, RunFigures Second)>();
        var defaultBurstLimit = 0;
        foreach (var concurrency in arguments.Concurrency)
        {
            await using var bench = await SyncBench.StartAsync(dynamoDbUrl, latency, concurrency, cpu, cancellationToken, SyncBench.RestOnlySettings);
            defaultBurstLimit = bench.DefaultBurstLimit;
            var seeding = Stopwatch.StartNew();
            await bench.SeedAsync(users, gistsPerUser, cancellationToken);
            Console.Write($"   concurrency {concurrency,2}: seeded in {RunTable.Seconds(seeding.Elapsed)}");
            var first = await bench.RunAsync(cancellationToken);
            Console.Write($", run 1 {RunTable.Seconds(first.Wall)}");
            var second = await bench.RunAsync(cancellationToken);
            Console.WriteLine($", run 2 {RunTable.Seconds(second.Wall)}");

            runs.Add((concurrency, first, second));
        }

        Console.WriteLine();
        RunTable.Print([.. runs.SelectMany(r => new[]
        {
            RunTable.Row(r.Concurrency, "1 all new", r.First, latency),
            RunTable.Row(r.Concurrency, "2 unchanged", r.Second, latency),
        })]);
        RunTable.PrintLegend(withLatency: true);
        RunTable.PrintPipedriveEndpoints($"run 1 (concurrency {runs[0].Concurrency})", runs[0].First);
        PrintPipedriveCaps(runs[0].First, defaultBurstLimit);
        PrintGitHubPace(runs);
        foreach (var (concurrency, first, second) in runs)
        {
            var label = $"concurrency {concurrency}";
            verdicts.Completed($"{label}, run 1", first, users);
            verdicts.StoredAndPublishedAll($"{label}, run 1", first, users * gistsPerUser);
            verdicts.Completed($"{label}, run 2", second, users);
            verdicts.Check(
                second.GitHubCounted == 0 && second.PipedriveRequests == 0,
                $"{label}, run 2: 0 GitHub requests counted, 0 Pipedrive requests",
                $"{label}, run 2: {second.GitHubCounted} GitHub requests counted, {second.PipedriveRequests} Pipedrive requests; expected 0 and 0");
        }
    }

    /// <summary>
    /// The fake's burst limit was raised so it does not dominate; real Pipedrive's would. Its documented api_token
    /// limits per 2-second window: 20 (Essential) to 120 (Enterprise), and 10 for the Search API on every plan.
    /// </summary>
    private static void PrintPipedriveCaps(RunFigures first, int burstLimit)
    {
        const double windowSeconds = 2;
        const int searchLimit = 10;
        var burstFloor = first.PipedriveRequests / (double)burstLimit * windowSeconds;
        var searchFloor = first.PipedriveSearches / (double)searchLimit * windowSeconds;
        Console.WriteLine();
        Console.WriteLine($"   Real Pipedrive would cap run 1 (the fake's burst limit was raised for this scenario so it does not dominate):");
        Console.WriteLine($"   - burst limit, {burstLimit} requests per 2 s (the fake's default): run 1's {RunTable.Number(first.PipedriveRequests)} Pipedrive requests take at least ~{Whole(burstFloor)} s, whatever the concurrency;");
        Console.WriteLine($"   - Search API, {searchLimit} requests per 2 s on every plan: its {RunTable.Number(first.PipedriveSearches)} person searches alone take at least ~{Whole(searchFloor)} s.");
        Console.WriteLine("   Run 2 makes no Pipedrive request, so neither limit touches it.");
    }

    /// <summary>
    /// GitHub documents a secondary limit of 900 points a minute per REST endpoint (a GET costs 1); every scan hits the
    /// same endpoint. Whether conditional requests answered 304 count is not documented.
    /// </summary>
    private static void PrintGitHubPace(IReadOnlyList<(int Concurrency, RunFigures First, RunFigures Second)> runs)
    {
        const int pointsPerMinute = 900;
        var paces = runs.SelectMany(r => new[] { (r.Concurrency, Run: "run 1", Figures: r.First), (r.Concurrency, Run: "run 2", Figures: r.Second) })
            .Select(r => (r.Concurrency, r.Run, PerMinute: r.Figures.GitHubReceived / r.Figures.Wall.TotalMinutes))
            .ToList();
        var slowest = paces.MinBy(p => p.PerMinute);
        var fastest = paces.MaxBy(p => p.PerMinute);
        Console.WriteLine(
            $"   GitHub's secondary limit is {pointsPerMinute} points a minute per REST endpoint (1 per GET; whether a 304 counts is not documented): " +
            $"these runs sent {Whole(slowest.PerMinute)} ({slowest.Run}, concurrency {slowest.Concurrency}) to {Whole(fastest.PerMinute)} " +
            $"({fastest.Run}, concurrency {fastest.Concurrency}) requests a minute to /users/{{user}}/gists.");
    }

    private static string Whole(double seconds) => Math.Ceiling(seconds).ToString("N0", CultureInfo.InvariantCulture);
}
