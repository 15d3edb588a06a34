using System.Diagnostics;
using System.Globalization;
using GistCloud.Core.GitHub;
using GistCloud.Core.Sync;

namespace GistCloud.Benchmarks;

/// <summary>
/// Scenario 3, the GraphQL change probe against the REST-only path, side by side on the same tables and fakes:
/// N users (one gist each) synced once without latency, then with latency on every fake GitHub request: an unchanged
/// run and a run where 1% changed (half a new gist, half an edit), each by the probe and by REST alone. Then a big
/// unchanged run (100,000 users by default) by the probe alone: REST would need N x latency / concurrency.
/// </summary>
internal static class ProbeScenario
{
    /// <summary>
    /// The big run without Pipedrive: seeding would publish 100,000 gists first. The side-by-side part publishes, and shows
    /// that a steady unchanged run makes no outbox query, so Pipedrive adds nothing to an unchanged run.
    /// </summary>
    private static readonly Dictionary<string, string?> WithoutPipedrive = new()
    {
        ["Pipedrive:ApiToken"] = "",
    };

    /// <summary>The column headers, as printed; a unit test holds docs/SYNC.md's scenario 3 table to them.</summary>
    internal static readonly string[] Header =
        ["users", "run", "wall", "GitHub calls", "GraphQL", "points", "REST", "304", "stored", "updated", "published", "Pipedrive", "DynamoDB", "peak RSS"];

    public static async Task RunAsync(BenchmarkArguments arguments, string dynamoDbUrl, CpuClock cpu, Verdicts verdicts, CancellationToken cancellationToken)
    {
        var latency = TimeSpan.FromMilliseconds(arguments.LatencyMs);
        var concurrency = new SyncOptions().Concurrency;
        var defaults = new GitHubOptions();
        Console.WriteLine();
        Console.WriteLine(
            $"== 3. GraphQL change probe vs REST only: 1 gist per user, {arguments.LatencyMs} ms latency on every fake GitHub request, " +
            $"Sync:Concurrency {concurrency}, GitHub:ProbeBatchSize {defaults.ProbeBatchSize}, GraphQL paced at {RunTable.Number(defaults.MaxGraphQLRequestsPerMinute)} calls a minute, REST unpaced; Pipedrive on (100 ms too) except in the big run");

        var rows = new List<string[]>();
        var users = arguments.ProbeUsers;
        var changed = Math.Max(2, users / 100);
        if (users > 0)
        {
            await using var bench = await SyncBench.StartAsync(dynamoDbUrl, TimeSpan.Zero, concurrency, cpu, cancellationToken);
            var seeding = Stopwatch.StartNew();
            var first = await SeedAndSyncAsync(bench, users, cancellationToken);
            verdicts.Completed($"{RunTable.Number(users)} users, first sync", first, users);
            verdicts.StoredAndPublishedAll($"{RunTable.Number(users)} users, first sync", first, users);

            // A second run finds every outbox empty and says so once per user; steady runs after it skip the outbox.
            var settle = await bench.RunAsync(cancellationToken);
            verdicts.Completed($"{RunTable.Number(users)} users, settling run", settle, users);
            Console.WriteLine($"   {RunTable.Number(users)} users seeded, synced and published once, then settled, without latency in {RunTable.Seconds(seeding.Elapsed)} (not reported)");
            bench.GitHub.Latency = latency;
            bench.Pipedrive.Delay(latency, count: null);

            var probeQuiet = await bench.RunAsync(cancellationToken);
            var restQuiet = await bench.RunAsync(cancellationToken, restOnly: true);
            Change(bench, users, changed, round: 1);
            var probeChanged = await bench.RunAsync(cancellationToken);
            Change(bench, users, changed, round: 2);
            var restChanged = await bench.RunAsync(cancellationToken, restOnly: true);

            rows.Add(Row(users, "probe, unchanged", probeQuiet));
            rows.Add(Row(users, "REST, unchanged", restQuiet));
            rows.Add(Row(users, $"probe, {changed} changed", probeChanged));
            rows.Add(Row(users, $"REST, {changed} changed", restChanged));

            foreach (var (label, run) in new[] { ("probe, unchanged", probeQuiet), ("REST, unchanged", restQuiet), ("probe, 1% changed", probeChanged), ("REST, 1% changed", restChanged) })
            {
                verdicts.Completed($"{RunTable.Number(users)} users, {label}", run, users);
            }

            var half = changed / 2;
            verdicts.Check(
                probeChanged.Run.Figures.GistsStored == changed - half && probeChanged.Run.Figures.GistsUpdated == half
                && probeChanged.Run.Figures.GistsPublished == changed - half,
                $"probe, 1% changed: caught and published all {changed - half} new and {half} edited gists",
                $"probe, 1% changed: stored {probeChanged.Run.Figures.GistsStored} of {changed - half} new and updated {probeChanged.Run.Figures.GistsUpdated} of {half} edited gists");
            verdicts.Check(
                probeQuiet.GitHubReceived <= users / 50,
                $"probe, unchanged: {RunTable.Number(probeQuiet.GitHubReceived)} GitHub calls, <= N/50 = {RunTable.Number(users / 50)}",
                $"probe, unchanged: {RunTable.Number(probeQuiet.GitHubReceived)} GitHub calls, more than N/50 = {RunTable.Number(users / 50)}");
            Target(probeQuiet.Wall <= TimeSpan.FromSeconds(15), "probe, unchanged: <= 15 s", RunTable.Seconds(probeQuiet.Wall));
            var allowed = (users / 50) + (2 * changed);
            verdicts.Check(
                probeChanged.GitHubReceived <= allowed,
                $"probe, 1% changed: {RunTable.Number(probeChanged.GitHubReceived)} GitHub calls, <= N/50 + 2 per changed user = {RunTable.Number(allowed)}",
                $"probe, 1% changed: {RunTable.Number(probeChanged.GitHubReceived)} GitHub calls, more than N/50 + 2 per changed user = {RunTable.Number(allowed)}");
            Console.WriteLine(
                $"   Side by side: unchanged {Ratio(restQuiet.Wall, probeQuiet.Wall)} faster and {Ratio(restQuiet.GitHubReceived, probeQuiet.GitHubReceived)} fewer GitHub calls; " +
                $"1% changed {Ratio(restChanged.Wall, probeChanged.Wall)} faster and {Ratio(restChanged.GitHubReceived, probeChanged.GitHubReceived)} fewer calls. " +
                $"Paced at GitHub's 900 REST requests a minute, REST alone would need {RunTable.Seconds(TimeSpan.FromMinutes(restQuiet.GitHubReceived / 900.0))} for the unchanged run.");
        }

        var big = arguments.ProbeBigUsers;
        if (big > 0)
        {
            await using var bench = await SyncBench.StartAsync(dynamoDbUrl, TimeSpan.Zero, concurrency, cpu, cancellationToken, WithoutPipedrive);
            var seeding = Stopwatch.StartNew();
            await bench.SeedSyncedAsync(big, cancellationToken);
            Console.WriteLine($"   {RunTable.Number(big)} users seeded as synced (signatures from the real probe, items batch-written) in {RunTable.Seconds(seeding.Elapsed)} (not reported)");
            bench.GitHub.Latency = latency;
            var quiet = await bench.RunAsync(cancellationToken);
            rows.Add(Row(big, "probe, unchanged", quiet));
            verdicts.Completed($"{RunTable.Number(big)} users, probe, unchanged", quiet, big);
            Target(quiet.Wall < TimeSpan.FromMinutes(2), $"{RunTable.Number(big)} users, probe, unchanged: < 2 min", RunTable.Seconds(quiet.Wall));
            if (SyncWorkerProcess.Path is { } worker)
            {
                // The same unchanged run again, by the real worker binary in its own process: its memory without the fakes'.
                var environment = bench.Settings.Where(s => s.Value is not null).ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!);
                environment["AWS_ENDPOINT_URL_DYNAMODB"] = dynamoDbUrl;
                var callsBefore = bench.GitHub.ReceivedRequests;
                var process = await SyncWorkerProcess.RunAsync(worker, environment, cancellationToken);
                verdicts.Check(
                    process is { Outcome: "completed", Errors: 0 } && process.UsersChecked == big,
                    $"{RunTable.Number(big)} users, worker process: completed, {RunTable.Number(process.UsersChecked)} users checked, no errors",
                    $"{RunTable.Number(big)} users, worker process: {process.Outcome}, {RunTable.Number(process.UsersChecked)} users checked, {process.Errors} errors");
                Console.WriteLine(
                    $"   Worker process (app/SyncLambda, one run): run {RunTable.Seconds(process.Run)}, process {RunTable.Seconds(process.Wall)} with start-up, " +
                    $"{RunTable.Number(bench.GitHub.ReceivedRequests - callsBefore)} GitHub calls, peak RSS {Megabytes(process.PeakRssBytes)}");
                Target(process.Run < TimeSpan.FromMinutes(2), $"{RunTable.Number(big)} users, worker process, unchanged: < 2 min", RunTable.Seconds(process.Run));
                Target(process.PeakRssBytes < 300L << 20, $"{RunTable.Number(big)} users: worker peak RSS < 300 MB", Megabytes(process.PeakRssBytes));
            }
            else
            {
                Console.WriteLine("   BENCH_SYNC_WORKER is not set (run make bench): the worker's own peak memory was not measured.");
            }
            Console.WriteLine(
                $"   REST alone for {RunTable.Number(big)} users: at least {RunTable.Seconds(latency * big / concurrency)} (N x latency / concurrency), " +
                $"{RunTable.Seconds(TimeSpan.FromMinutes(big / 900.0))} at GitHub's 900 requests a minute.");
        }

        Console.WriteLine();
        Print(rows);
        Console.WriteLine("   GitHub calls: requests the fake received (REST + GraphQL, retries included); REST = listings; points: GraphQL points the runs reported;");
        Console.WriteLine("   DynamoDB: calls the core made; peak RSS: the benchmark process during the run (the engine and the fakes holding every user's state; the worker's own is above).");
    }

    /// <summary>Seeds the users on the fake GitHub and the store, then syncs them all once (probe on, no latency): every user then has a stored signature and ETag.</summary>
    private static async Task<RunFigures> SeedAndSyncAsync(SyncBench bench, int users, CancellationToken cancellationToken)
    {
        // One listing per user in one first sync: far beyond GitHub's 5,000 REST requests an hour, which real syncs would spread over hours.
        bench.GitHub.RateLimits.AuthenticatedRestLimit = 10 * users;
        await bench.SeedAsync(users, 1, cancellationToken);
        return await bench.RunAsync(cancellationToken);
    }

    /// <summary>Every 100th user changes (from a different offset each round): half get a new gist, half an edit.</summary>
    private static void Change(SyncBench bench, int users, int count, int round)
    {
        for (var i = 0; i < count; i++)
        {
            var login = $"bench-user-{((i * (users / count)) + round) % users + 1:D6}";
            if (i % 2 == 0)
            {
                bench.GitHub.AddGist(login, description: $"round {round}");
            }
            else
            {
                bench.GitHub.UpdateGist(bench.GitHub.Data.GistsOf(login)[0].Id, description: $"edited in round {round}", updatedAt: DateTimeOffset.UtcNow);
            }
        }
    }

    private static string[] Row(int users, string run, RunFigures f) =>
    [
        RunTable.Number(users),
        run,
        RunTable.Seconds(f.Wall),
        RunTable.Number(f.GitHubReceived),
        RunTable.Number(f.GraphQLCalls),
        RunTable.Number(f.Run.Figures.GraphQLPoints),
        RunTable.Number(f.GitHubReceived - f.GraphQLCalls),
        RunTable.Number(f.GitHubNotModified),
        RunTable.Number(f.Run.Figures.GistsStored),
        RunTable.Number(f.Run.Figures.GistsUpdated),
        RunTable.Number(f.Run.Figures.GistsPublished),
        RunTable.Number(f.PipedriveRequests),
        RunTable.Number(f.DynamoDb.Calls),
        Megabytes(f.PeakRssBytes),
    ];

    private static void Print(List<string[]> rows)
    {
        var all = rows.Prepend(Header).ToList();
        var widths = Enumerable.Range(0, Header.Length).Select(c => all.Max(r => r[c].Length)).ToArray();
        foreach (var row in all)
        {
            Console.WriteLine("   " + string.Join("  ", row.Select((cell, c) => c == 1 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))));
        }
    }

    /// <summary>A target from the issue: printed met or missed, never failing the benchmark (speed is not asserted).</summary>
    private static void Target(bool met, string target, string measured) =>
        Console.WriteLine($"   {(met ? "TARGET met   " : "TARGET MISSED")}  {target}: {measured}");

    private static string Ratio(TimeSpan slow, TimeSpan fast) => Ratio(slow.TotalMilliseconds, fast.TotalMilliseconds);

    private static string Ratio(double slow, double fast) =>
        fast <= 0 ? "n/a" : (slow / fast).ToString("0.0", CultureInfo.InvariantCulture) + "x";

    private static string Megabytes(long? bytes) =>
        bytes is { } value ? (value / (1024.0 * 1024)).ToString("N0", CultureInfo.InvariantCulture) + " MB" : "n/a";
}
