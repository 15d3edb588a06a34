using System.Globalization;
using GistCloud.Core;
using GistCloud.Core.Domain.Users;
using GistCloud.Core.Storage;
using GistCloud.Core.Storage.Users;
using GistCloud.Fakes.OpenId;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GistCloud.Benchmarks.Api;

/// <summary>
/// <c>make bench-api</c>: GistCloud.Api against an empty minimal API, both published the same way and run as real
/// processes in Production against DynamoDB Local: start-up (process start to the first 200 on /health) and
/// closed-loop throughput, with the ratios the issue sets as targets; and a read (<c>GET /api/users</c>) with sign-in
/// on and a bearer token against the same read with sign-in off: what checking the token costs.
/// </summary>
internal static class ApiBenchmark
{
    private const int WarmUpWindows = 2;

    public const double StartupTarget = 1.5;
    public const double ThroughputTarget = 0.9;
    private const int SeededUsers = 20;
    private const string BenchClientId = "gistcloud-bench";

    public static async Task<int> RunAsync(ApiBenchArguments arguments, string dynamoDbUrl, CancellationToken cancellationToken)
    {
        var tablePrefix = $"benchapi{Guid.NewGuid():N}"[..16] + "-";
        await SeedAsync(dynamoDbUrl, tablePrefix, cancellationToken);

        // As on Lambda (infra/PulumiStack: api.ts, lambda.ts): tables exist and are not created, no sync timer in the API.
        var api = new ServerUnderTest("GistCloud.Api", Path.Combine(arguments.ApiDirectory, "GistCloud.Api"), new Dictionary<string, string>(arguments.ApiEnvironment)
        {
            [StorageServiceCollectionExtensions.EndpointKey] = dynamoDbUrl,
            ["Storage__TablePrefix"] = tablePrefix,
            ["Storage__CreateTables"] = "false",
            ["Sync__Interval"] = "00:00:00",
        });
        var empty = new ServerUnderTest("empty API", Path.Combine(arguments.EmptyApiDirectory, "GistCloud.EmptyApi"), new Dictionary<string, string>());
        var logs = Directory.CreateTempSubdirectory("gistcloud-bench-api.").FullName;
        Console.WriteLine($"Servers: Production, 127.0.0.1, output in {logs}; GistCloud.Api with {string.Join(", ", api.Environment.Keys.Order(StringComparer.Ordinal))}");

        using var probe = new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.Zero });
        await WarmProbeAsync(probe, dynamoDbUrl, cancellationToken);

        var starts = await MeasureStartupAsync(arguments, api, empty, probe, logs, cancellationToken);

        // The same API with sign-in on, trusting a provider in this process whose keys sign the load's token: what
        // checking a bearer token (signature, issuer, audience, lifetime) costs a read.
        await using var provider = await FakeOpenIdProvider.StartAsync(cancellationToken);
        var signedIn = new ServerUnderTest("GistCloud.Api, sign-in on", api.Executable, new Dictionary<string, string>(api.Environment)
        {
            ["Auth__Authority"] = provider.Issuer,
            ["Auth__Audience"] = BenchClientId,
        });
        // Both sides name a viewer, so both read the page's seen states (newCount): the difference is the token check.
        var asSignedIn = new Dictionary<string, string>
        {
            ["Authorization"] = "Bearer " + provider.CognitoAccessToken("bench-reader", BenchClientId, lifetime: TimeSpan.FromHours(2)),
        };
        var asViewer = new Dictionary<string, string> { ["X-Viewer-Id"] = Guid.NewGuid().ToString() };

        await using var apiServer = await ServerProcess.StartAsync(api, probe, Path.Combine(logs, "api-load.log"), cancellationToken);
        await using var emptyServer = await ServerProcess.StartAsync(empty, probe, Path.Combine(logs, "empty-load.log"), cancellationToken);
        await using var signedInServer = await ServerProcess.StartAsync(signedIn, probe, Path.Combine(logs, "signed-in-load.log"), cancellationToken);
        using var load = new LoadLoop(arguments.Connections);
        Console.WriteLine();
        Console.WriteLine($"Throughput: {arguments.Connections} keep-alive connections, closed loop, from this process; {WarmUpWindows} warm-up windows of {Seconds(arguments.Window)} per API and path, then {arguments.Rounds} measured windows each, A/B interleaved.");
        var health = await MeasureThroughputAsync("/health", arguments, load, (apiServer, "health", null), (emptyServer, "health", null), cancellationToken);
        var users = await MeasureThroughputAsync("/api/users", arguments, load, (signedInServer, "api/users", asSignedIn), (apiServer, "api/users", asViewer), cancellationToken);
        // No storage either side: the token check and nothing else.
        var me = await MeasureThroughputAsync("/api/me", arguments, load, (signedInServer, "api/me", asSignedIn), (apiServer, "api/me", null), cancellationToken);

        var startupRatio = Median(starts.Api.Wall) / Median(starts.Empty.Wall);
        var throughputRatio = Median(health.Api.Rate) / Median(health.Empty!.Rate);
        Console.WriteLine();
        ApiBenchTable.Print(
        [
            ["start-up median", Ms(Median(starts.Api.Wall)), Ms(Median(starts.Empty.Wall)), Ratio(startupRatio), $"<= {StartupTarget:0.0#}x", Verdict(startupRatio <= StartupTarget)],
            ["start-up p90", Ms(Percentile(starts.Api.Wall, 0.9)), Ms(Percentile(starts.Empty.Wall, 0.9)), Ratio(Percentile(starts.Api.Wall, 0.9) / Percentile(starts.Empty.Wall, 0.9)), "", ""],
            ["start-up CPU median", Ms(Median(starts.Api.Cpu)), Ms(Median(starts.Empty.Cpu)), Ratio(Median(starts.Api.Cpu) / Median(starts.Empty.Cpu)), "", ""],
            ["/health req/s", PerSecond(Median(health.Api.Rate)), PerSecond(Median(health.Empty.Rate)), Ratio(throughputRatio), $">= {ThroughputTarget:0.0#}x", Verdict(throughputRatio >= ThroughputTarget)],
            ["/health server CPU/req", Micros(Median(health.Api.CpuPerRequest)), Micros(Median(health.Empty.CpuPerRequest)), Ratio(Median(health.Api.CpuPerRequest) / Median(health.Empty.CpuPerRequest)), "", ""],
            ["/api/users req/s: signed in vs X-Viewer-Id", PerSecond(Median(users.Api.Rate)), PerSecond(Median(users.Empty!.Rate)), Ratio(Median(users.Api.Rate) / Median(users.Empty.Rate)), "", ""],
            ["/api/users server CPU/req: signed in vs id", Micros(Median(users.Api.CpuPerRequest)), Micros(Median(users.Empty.CpuPerRequest)), Ratio(Median(users.Api.CpuPerRequest) / Median(users.Empty.CpuPerRequest)), "", ""],
            ["/api/me req/s: signed in vs sign-in off", PerSecond(Median(me.Api.Rate)), PerSecond(Median(me.Empty!.Rate)), Ratio(Median(me.Api.Rate) / Median(me.Empty.Rate)), "", ""],
            ["/api/me server CPU/req: signed in vs off", Micros(Median(me.Api.CpuPerRequest)), Micros(Median(me.Empty.CpuPerRequest)), Ratio(Median(me.Api.CpuPerRequest) / Median(me.Empty.CpuPerRequest)), "", ""],
        ]);

        var failures = health.Failed + users.Failed + me.Failed;
        if (failures > 0)
        {
            Console.WriteLine($"   FAIL  {failures} answers were not 200: the figures are not worth reading (see {logs}).");
        }

        var passed = failures == 0 && startupRatio <= StartupTarget && throughputRatio >= ThroughputTarget;
        Console.WriteLine();
        Console.WriteLine(passed ? "Both targets met." : "FAIL: see the table above.");
        return passed ? 0 : 1;
    }

    /// <summary>Start-up of each API, alternating (and swapping who goes first each run) so drift hits both alike.</summary>
    private static async Task<(Samples Api, Samples Empty)> MeasureStartupAsync(
        ApiBenchArguments arguments, ServerUnderTest api, ServerUnderTest empty, HttpClient probe, string logs, CancellationToken cancellationToken)
    {
        // One unreported start each: the OS file cache holds both apps' files, as it would after the first start.
        await (await ServerProcess.StartAsync(api, probe, Path.Combine(logs, "api-starts.log"), cancellationToken)).DisposeAsync();
        await (await ServerProcess.StartAsync(empty, probe, Path.Combine(logs, "empty-starts.log"), cancellationToken)).DisposeAsync();

        Console.WriteLine();
        Console.WriteLine($"Start-up: process start to the first 200 on /health (polled every ~1 ms), {arguments.Starts} runs each, alternating, after one unreported start each; wall (CPU) ms.");
        var apiStarts = new Samples();
        var emptyStarts = new Samples();
        for (var run = 0; run < arguments.Starts; run++)
        {
            foreach (var (server, samples) in run % 2 == 0 ? new[] { (api, apiStarts), (empty, emptyStarts) } : [(empty, emptyStarts), (api, apiStarts)])
            {
                var log = Path.Combine(logs, server == api ? "api-starts.log" : "empty-starts.log");
                await using var started = await ServerProcess.StartAsync(server, probe, log, cancellationToken);
                samples.Wall.Add(started.Startup.TotalMilliseconds);
                samples.Cpu.Add(started.StartupCpu.TotalMilliseconds);
            }
        }

        Console.WriteLine($"   GistCloud.Api: {apiStarts}");
        Console.WriteLine($"   empty API:     {emptyStarts}");
        return (apiStarts, emptyStarts);
    }

    private static async Task<(Rates Api, Rates? Empty, long Failed)> MeasureThroughputAsync(
        string label, ApiBenchArguments arguments, LoadLoop load, (ServerProcess Server, string Path, IReadOnlyDictionary<string, string>? Headers) api, (ServerProcess Server, string Path, IReadOnlyDictionary<string, string>? Headers)? other, CancellationToken cancellationToken)
    {
        var targets = new List<(ServerProcess Server, Uri Url, IReadOnlyDictionary<string, string>? Headers, Rates Rates)> { (api.Server, new Uri(api.Server.BaseUrl, api.Path), api.Headers, new Rates()) };
        if (other is { } e)
        {
            targets.Add((e.Server, new Uri(e.Server.BaseUrl, e.Path), e.Headers, new Rates()));
        }

        long failed = 0;
        // Two warm-up windows each: the first measured window of the larger app still ran below its later ones after
        // one (tier-1 recompilation of its ReadyToRun code goes on in the background on 2 cores).
        foreach (var target in targets)
        {
            for (var warmUp = 0; warmUp < WarmUpWindows; warmUp++)
            {
                failed += (await load.RunAsync(target.Url, arguments.Window, cancellationToken, target.Headers)).Failed;
            }
        }

        for (var round = 0; round < arguments.Rounds; round++)
        {
            foreach (var target in round % 2 == 0 ? targets : Enumerable.Reverse(targets))
            {
                var cpuBefore = target.Server.CpuTime;
                var figures = await load.RunAsync(target.Url, arguments.Window, cancellationToken, target.Headers);
                var cpu = target.Server.CpuTime - cpuBefore;
                failed += figures.Failed;
                target.Rates.Rate.Add(figures.PerSecond);
                target.Rates.CpuPerRequest.Add(cpu.TotalMicroseconds / Math.Max(1, figures.Answered));
            }
        }

        foreach (var target in targets)
        {
            Console.WriteLine($"   {label} {target.Server.Name}: {target.Rates}");
        }

        return (targets[0].Rates, targets.Count > 1 ? targets[1].Rates : null, failed);
    }

    /// <summary>Tables on a fresh prefix and <see cref="SeededUsers"/> tracked users for <c>GET /api/users</c>.</summary>
    private static async Task SeedAsync(string dynamoDbUrl, string tablePrefix, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [StorageServiceCollectionExtensions.EndpointKey] = dynamoDbUrl,
            ["Storage:TablePrefix"] = tablePrefix,
        }).Build();
        await using var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddGistCloudCore(configuration)
            .BuildServiceProvider();
        await services.EnsureGistCloudTablesAsync(cancellationToken);
        var store = services.GetRequiredService<UserStore>();
        var now = DateTimeOffset.UtcNow;
        for (var i = 1; i <= SeededUsers; i++)
        {
            var user = new TrackedUser(GitHubUsername.Parse($"bench-user-{i:D2}"), null, null, null, now, null, 0, UserStatus.Ok, null);
            await store.TryAddAsync(user, cancellationToken);
        }
    }

    /// <summary>The probe's first request JITs the HTTP stack of this process: done before any clock runs.</summary>
    private static async Task WarmProbeAsync(HttpClient probe, string dynamoDbUrl, CancellationToken cancellationToken)
    {
        using var response = await probe.GetAsync(new Uri(dynamoDbUrl), cancellationToken);
    }

    private static double Median(IReadOnlyList<double> values) => Percentile(values, 0.5);

    /// <summary>Nearest-rank percentile (the median of an even count is the mean of the middle two).</summary>
    private static double Percentile(IReadOnlyList<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        if (p == 0.5 && sorted.Length % 2 == 0)
        {
            return (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        }

        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    private static string Ms(double ms) => ms.ToString("F0", CultureInfo.InvariantCulture) + " ms";

    private static string PerSecond(double rate) => rate.ToString("N0", CultureInfo.InvariantCulture);

    private static string Micros(double micros) => micros.ToString("F0", CultureInfo.InvariantCulture) + " µs";

    private static string Ratio(double ratio) => ratio.ToString("F2", CultureInfo.InvariantCulture) + "x";

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";

    private static string Verdict(bool passed) => passed ? "PASS" : "FAIL";

    /// <summary>Start-up samples: wall and CPU milliseconds per run.</summary>
    private sealed class Samples
    {
        public List<double> Wall { get; } = [];

        public List<double> Cpu { get; } = [];

        public override string ToString() => string.Join(" ", Wall.Zip(Cpu, (w, c) => string.Create(CultureInfo.InvariantCulture, $"{w:F0} ({c:F0})")));
    }

    /// <summary>Throughput samples: requests per second and server CPU microseconds per request, per window.</summary>
    private sealed class Rates
    {
        public List<double> Rate { get; } = [];

        public List<double> CpuPerRequest { get; } = [];

        public override string ToString() => string.Join(" ", Rate.Zip(CpuPerRequest, (r, c) => string.Create(CultureInfo.InvariantCulture, $"{r:N0}/s ({c:F0} µs)")));
    }
}
