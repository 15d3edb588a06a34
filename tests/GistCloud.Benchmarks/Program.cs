// `make bench`: sync runs against DynamoDB Local (started in memory by scripts/bench.sh) and the fakes.
// A plain console, not BenchmarkDotNet: each scenario is one whole sync run of seconds to minutes, timed once with a
// stopwatch and explained by counts; there is no small operation to repeat and average. Not a test either: speed is
// never asserted, only that each run did its work (PASS/FAIL lines, exit code 1 on a FAIL).
using System.Diagnostics;
using System.Runtime.InteropServices;
using GistCloud.Benchmarks;
using GistCloud.Benchmarks.Api;
using GistCloud.Core.Storage;

if (args is ["api", .. var apiArgs])
{
    return await RunApiBenchmarkAsync(apiArgs);
}

var arguments = BenchmarkArguments.TryParse(args, out var error);
if (arguments is null)
{
    if (error is not null)
    {
        Console.Error.WriteLine(error);
    }

    Console.Error.WriteLine(BenchmarkArguments.Usage);
    return error is null ? 0 : 2;
}

var dynamoDbUrl = Environment.GetEnvironmentVariable(StorageServiceCollectionExtensions.EndpointKey);
if (string.IsNullOrWhiteSpace(dynamoDbUrl))
{
    Console.Error.WriteLine($"{StorageServiceCollectionExtensions.EndpointKey} is not set: run `make bench` (scripts/bench.sh starts DynamoDB Local in memory and sets it).");
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

var cpu = CpuClock.FromEnvironment();
Console.WriteLine($"Machine: {Environment.ProcessorCount} cores{CpuModel()}, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB; {RuntimeInformation.OSDescription} {RuntimeInformation.OSArchitecture}");
Console.WriteLine($".NET: {RuntimeInformation.FrameworkDescription}, {(Debugger.IsAttached ? "debugger attached, " : "")}{BuildConfiguration()} build; DynamoDB Local: {dynamoDbUrl} (in memory, same machine)");
Console.WriteLine("GitHub and Pipedrive: the fakes from tests/GistCloud.Fakes, in this process on 127.0.0.1; the core runs with production defaults.");

var verdicts = new Verdicts();
try
{
    // JIT, connection pools and DynamoDB Local's JVM warm up on a small run first, so scenario 1 measures the engine.
    var warmUp = Stopwatch.StartNew();
    await using (var bench = await SyncBench.StartAsync(dynamoDbUrl, TimeSpan.Zero, 8, cpu, stop.Token))
    {
        await bench.SeedAsync(20, 2, stop.Token);
        await bench.RunAsync(stop.Token);
        await bench.RunAsync(stop.Token);
    }

    Console.WriteLine($"Warm-up (20 users, two runs, not reported): {RunTable.Seconds(warmUp.Elapsed)}");

    if (arguments.RunUnchanged)
    {
        await UnchangedUsersScenario.RunAsync(arguments, dynamoDbUrl, cpu, verdicts, stop.Token);
    }

    if (arguments.RunLatency)
    {
        await LatencyScenario.RunAsync(arguments, dynamoDbUrl, cpu, verdicts, stop.Token);
    }

    if (arguments.RunProbe)
    {
        await ProbeScenario.RunAsync(arguments, dynamoDbUrl, cpu, verdicts, stop.Token);
    }
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Console.Error.WriteLine("Stopped (Ctrl+C).");
    return 130;
}

Console.WriteLine();
Console.WriteLine(verdicts.Failed ? "FAIL: see the FAIL lines above." : "All checks passed.");
return verdicts.Failed ? 1 : 0;

// `make bench-api` (scripts/bench-api.sh): GistCloud.Api against an empty minimal API, see Api/ApiBenchmark.cs.
static async Task<int> RunApiBenchmarkAsync(string[] args)
{
    var arguments = ApiBenchArguments.TryParse(args, out var error);
    var dynamoDbUrl = Environment.GetEnvironmentVariable(StorageServiceCollectionExtensions.EndpointKey);
    if (arguments is null || string.IsNullOrWhiteSpace(dynamoDbUrl))
    {
        Console.Error.WriteLine(error ?? (arguments is null ? null : $"{StorageServiceCollectionExtensions.EndpointKey} is not set: run make bench-api."));
        Console.Error.WriteLine(ApiBenchArguments.Usage);
        return error is null && arguments is null ? 0 : 2;
    }

    using var stop = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        stop.Cancel();
    };
    Console.WriteLine($"Machine: {Environment.ProcessorCount} cores{CpuModel()}, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB; {RuntimeInformation.OSDescription} {RuntimeInformation.OSArchitecture}");
    Console.WriteLine($".NET: {RuntimeInformation.FrameworkDescription}; load loop: {BuildConfiguration()} build; DynamoDB Local: {dynamoDbUrl} (in memory, same machine)");
    try
    {
        return await ApiBenchmark.RunAsync(arguments, dynamoDbUrl, stop.Token);
    }
    catch (OperationCanceledException) when (stop.IsCancellationRequested)
    {
        Console.Error.WriteLine("Stopped (Ctrl+C).");
        return 130;
    }
}

static string CpuModel()
{
    const string cpuInfo = "/proc/cpuinfo";
    var model = File.Exists(cpuInfo)
        ? File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
        : null;
    return model is null ? string.Empty : $" ({model})";
}

static string BuildConfiguration() =>
#if DEBUG
    "Debug (numbers not representative: use make bench)";
#else
    "Release";
#endif
