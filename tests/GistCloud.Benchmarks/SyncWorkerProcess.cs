using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace GistCloud.Benchmarks;

/// <summary>
/// One sync run by the real worker binary (app/SyncLambda's one-shot mode, <c>BENCH_SYNC_WORKER</c> set by
/// scripts/bench.sh) in its own process, against this process's fakes and the same DynamoDB Local tables: its peak
/// resident set is the worker's alone, without the fakes' state. Linux's VmHWM is a high-water mark, so polling it
/// until the process exits loses nothing but the last poll interval.
/// </summary>
internal static class SyncWorkerProcess
{
    public static string? Path => Environment.GetEnvironmentVariable("BENCH_SYNC_WORKER") is { Length: > 0 } path && File.Exists(path) ? path : null;

    public static async Task<WorkerRun> RunAsync(string dll, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("The sync worker did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        long peak = 0;
        while (!process.HasExited)
        {
            peak = Math.Max(peak, PeakMemory.HighWaterMark(process.Id.ToString(CultureInfo.InvariantCulture)) ?? 0);
            await Task.Delay(20, cancellationToken);
        }

        await process.WaitForExitAsync(cancellationToken);
        clock.Stop();
        var summary = await output;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"The sync worker exited with {process.ExitCode}: {await errors}{summary}");
        }

        // Its JSON log lines share stdout; the summary is the last line with a run id and figures.
        var line = summary.Split('\n').Reverse().First(l => l.Contains("\"runId\"", StringComparison.Ordinal) && l.Contains("\"figures\"", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        return new WorkerRun(
            clock.Elapsed,
            TimeSpan.FromMilliseconds(root.GetProperty("durationMs").GetInt64()),
            root.GetProperty("outcome").GetString() ?? "?",
            root.GetProperty("figures").GetProperty("usersChecked").GetInt32(),
            root.GetProperty("errors").GetArrayLength(),
            peak);
    }
}

/// <param name="Wall">Process start to exit (start-up included).</param>
/// <param name="Run">The run's own duration, from its summary.</param>
internal sealed record WorkerRun(TimeSpan Wall, TimeSpan Run, string Outcome, int UsersChecked, int Errors, long PeakRssBytes);
