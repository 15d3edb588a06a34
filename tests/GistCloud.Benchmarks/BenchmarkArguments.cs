using System.Globalization;

namespace GistCloud.Benchmarks;

/// <summary>What to run, from the command line (<c>make bench ARGS="--users 1000 --concurrency 8,16"</c>).</summary>
internal sealed record BenchmarkArguments(
    bool RunUnchanged,
    bool RunLatency,
    int UnchangedUsers,
    int UnchangedGists,
    int Users,
    int Gists,
    int LatencyMs,
    IReadOnlyList<int> Concurrency,
    bool RunProbe = true,
    int ProbeUsers = 10_000,
    int ProbeBigUsers = 100_000)
{
    public const string Usage = """
        usage: make bench [ARGS="options"]   (or scripts/bench.sh [options])
          --scenario all|unchanged|latency|probe   which scenarios to run (default: all)
          --unchanged-users N                scenario 1: users (default 100)
          --unchanged-gists N                scenario 1: gists per user (default 3)
          --users N                          scenario 2: users (default 1000)
          --gists N                          scenario 2: gists per user (default 2)
          --latency-ms N                     scenario 2: latency added to every fake GitHub and Pipedrive request (default 100)
          --concurrency A,B,...              scenario 2: Sync:Concurrency values, 1-32, one full pair of runs each (default 8,16,32)
          --probe-users N                    scenario 3: users probed and listed side by side, 1% changed; 0 skips it (default 10000)
          --probe-big-users N                scenario 3: users of the big unchanged run; 0 skips it (default 100000)
        """;

    public static BenchmarkArguments Default { get; } = new(true, true, 100, 3, 1_000, 2, 100, [8, 16, 32]);

    /// <summary>The arguments, or null with <paramref name="error"/> set (an unknown option, a bad number, --help).</summary>
    public static BenchmarkArguments? TryParse(IReadOnlyList<string> args, out string? error)
    {
        var parsed = Default;
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var option = args[i];
            if (option is "-h" or "--help")
            {
                return null;
            }

            if (i + 1 >= args.Count)
            {
                error = $"{option} needs a value.";
                return null;
            }

            var value = args[++i];
            (parsed, error) = option switch
            {
                "--scenario" => value switch
                {
                    "all" => (parsed with { RunUnchanged = true, RunLatency = true, RunProbe = true }, null),
                    "unchanged" => (parsed with { RunUnchanged = true, RunLatency = false, RunProbe = false }, null),
                    "latency" => (parsed with { RunUnchanged = false, RunLatency = true, RunProbe = false }, null),
                    "probe" => (parsed with { RunUnchanged = false, RunLatency = false, RunProbe = true }, null),
                    _ => (parsed, $"--scenario must be all, unchanged, latency or probe, not '{value}'."),
                },
                "--unchanged-users" => Number(value, 1, 100_000, n => parsed with { UnchangedUsers = n }),
                "--unchanged-gists" => Number(value, 1, 100, n => parsed with { UnchangedGists = n }),
                "--users" => Number(value, 1, 100_000, n => parsed with { Users = n }),
                "--gists" => Number(value, 1, 100, n => parsed with { Gists = n }),
                "--latency-ms" => Number(value, 0, 10_000, n => parsed with { LatencyMs = n }),
                "--concurrency" => Concurrencies(value, parsed),
                "--probe-users" => Number(value, 0, 1_000_000, n => parsed with { ProbeUsers = n }),
                "--probe-big-users" => Number(value, 0, 1_000_000, n => parsed with { ProbeBigUsers = n }),
                _ => (parsed, $"Unknown option '{option}'."),
            };
            if (error is not null)
            {
                return null;
            }
        }

        return parsed;
    }

    private static (BenchmarkArguments, string?) Number(string value, int min, int max, Func<int, BenchmarkArguments> apply) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? (apply(n), null)
            : (Default, $"'{value}' is not a whole number from {min} to {max}.");

    /// <summary>1-32: the range <c>SyncOptions</c> validates, so a value the app would refuse is refused here first.</summary>
    private static (BenchmarkArguments, string?) Concurrencies(string value, BenchmarkArguments parsed)
    {
        var values = new List<int>();
        foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > 32)
            {
                return (parsed, $"--concurrency takes values from 1 to 32 separated by commas, not '{value}'.");
            }

            values.Add(n);
        }

        return values.Count == 0 ? (parsed, "--concurrency needs at least one value.") : (parsed with { Concurrency = values }, null);
    }
}
