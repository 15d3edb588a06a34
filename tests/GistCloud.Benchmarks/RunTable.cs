using System.Globalization;

namespace GistCloud.Benchmarks;

/// <summary>The compact table both scenarios print: one row per run.</summary>
internal static class RunTable
{
    /// <summary>The column headers, as printed; the unit tests hold docs/SYNC.md's benchmark table to them.</summary>
    internal static readonly string[] Header =
        ["conc", "run", "wall", "HTTP floor", "GitHub", "304", "counted", "Pipedrive", "stored", "published", "errors", "DynamoDB", "ms/call", "CPU .NET", "CPU DDB"];

    private const int RunColumn = 1; // left-aligned; every other column holds a number

    public static string[] Row(int concurrency, string run, RunFigures f, TimeSpan latency) =>
    [
        Number(concurrency),
        run,
        Seconds(f.Wall),
        Seconds(HttpFloor(f, latency, concurrency)),
        Number(f.GitHubReceived),
        Number(f.GitHubNotModified),
        Number(f.GitHubCounted),
        Number(f.PipedriveRequests),
        Number(f.Run.Figures.GistsStored),
        Number(f.Run.Figures.GistsPublished),
        Number(f.Run.Errors.Count),
        Number(f.DynamoDb.Calls),
        f.DynamoDb.AverageMs.ToString("F1", CultureInfo.InvariantCulture),
        Seconds(f.BenchCpu),
        f.DynamoDbLocalCpu is { } cpu ? Seconds(cpu) : "n/a",
    ];

    /// <summary>The wall time if nothing but the added latency cost anything: every request waited for, spread over the workers.</summary>
    public static TimeSpan HttpFloor(RunFigures f, TimeSpan latency, int concurrency) =>
        latency * (f.GitHubReceived + f.PipedriveRequests) / concurrency;

    public static void Print(IReadOnlyList<string[]> rows)
    {
        var all = rows.Prepend(Header).ToList();
        var widths = Enumerable.Range(0, Header.Length).Select(c => all.Max(r => r[c].Length)).ToArray();
        foreach (var row in all)
        {
            var cells = row.Select((cell, c) => c == RunColumn ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]));
            Console.WriteLine("   " + string.Join("  ", cells));
        }
    }

    public static void PrintLegend(bool withLatency)
    {
        Console.WriteLine("   GitHub/Pipedrive: requests the fakes received (retries included); 304: GitHub's Not Modified answers;");
        Console.WriteLine("   counted: GitHub answers charged to the token's 5,000/h primary rate limit (authenticated 304s are free);");
        Console.WriteLine("   DynamoDB: calls the core made, ms/call: their mean wait; CPU: this process (engine + both fakes) and DynamoDB Local's JVM.");
        if (withLatency)
        {
            Console.WriteLine("   HTTP floor: (GitHub + Pipedrive requests) x latency / concurrency, the wall time if only the added latency cost anything.");
        }
    }

    /// <summary>e.g. "Pipedrive requests in run 1: POST /api/v2/activities 2,000, GET /api/v2/persons/search 1,000, ...".</summary>
    public static void PrintPipedriveEndpoints(string run, RunFigures f)
    {
        if (f.PipedriveByEndpoint.Count > 0)
        {
            Console.WriteLine($"   Pipedrive requests in {run}: {string.Join(", ", f.PipedriveByEndpoint.Select(e => $"{e.Key} {Number(e.Value)}"))}");
        }
    }

    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s";
}
