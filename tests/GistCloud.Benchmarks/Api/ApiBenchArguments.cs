using System.Globalization;

namespace GistCloud.Benchmarks.Api;

/// <summary>What <c>make bench-api</c> runs (<c>scripts/bench-api.sh --starts 15 --connections 32</c>).</summary>
internal sealed record ApiBenchArguments(
    string ApiDirectory,
    string EmptyApiDirectory,
    int Starts,
    int Connections,
    int Rounds,
    TimeSpan Window,
    IReadOnlyDictionary<string, string> ApiEnvironment)
{
    public const string Usage = """
        usage: make bench-api [ARGS="options"]   (or scripts/bench-api.sh [options])
          --starts N          start-up runs of each API, alternating (default 9)
          --connections N     keep-alive connections of the load loop (default 16)
          --rounds N          measured throughput windows per API and path, A/B interleaved (default 6)
          --window SECONDS    length of one window; the warm-up is two windows per API (default 3)
          --api-env KEY=VALUE extra environment for GistCloud.Api only (repeatable), e.g. DOTNET_TieredPGO=0
        scripts/bench-api.sh sets --api and --empty (the published folders).
        """;

    /// <summary>The arguments, or null with <paramref name="error"/> set (an unknown option, a bad number, --help).</summary>
    public static ApiBenchArguments? TryParse(IReadOnlyList<string> args, out string? error)
    {
        var parsed = new ApiBenchArguments(string.Empty, string.Empty, 9, 16, 6, TimeSpan.FromSeconds(3), new Dictionary<string, string>());
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        error = null;
        for (var i = 0; i < args.Count && error is null; i++)
        {
            var option = args[i];
            if (option is "-h" or "--help")
            {
                return null;
            }

            if (i + 1 >= args.Count)
            {
                error = $"{option} needs a value.";
                break;
            }

            var value = args[++i];
            switch (option)
            {
                case "--api":
                    parsed = parsed with { ApiDirectory = value };
                    break;
                case "--empty":
                    parsed = parsed with { EmptyApiDirectory = value };
                    break;
                case "--starts":
                    parsed = Number(value, 1, 100, ref error) is { } starts ? parsed with { Starts = starts } : parsed;
                    break;
                case "--connections":
                    parsed = Number(value, 1, 1_000, ref error) is { } connections ? parsed with { Connections = connections } : parsed;
                    break;
                case "--rounds":
                    parsed = Number(value, 1, 100, ref error) is { } rounds ? parsed with { Rounds = rounds } : parsed;
                    break;
                case "--window":
                    parsed = Number(value, 1, 600, ref error) is { } seconds ? parsed with { Window = TimeSpan.FromSeconds(seconds) } : parsed;
                    break;
                case "--api-env" when value.Split('=', 2) is [{ Length: > 0 } key, var setting]:
                    environment[key] = setting;
                    break;
                case "--api-env":
                    error = $"--api-env takes KEY=VALUE, not '{value}'.";
                    break;
                default:
                    error = $"Unknown option '{option}'.";
                    break;
            }
        }

        if (error is null && (parsed.ApiDirectory.Length == 0 || parsed.EmptyApiDirectory.Length == 0))
        {
            error = "--api and --empty (the published folders) are required: run make bench-api.";
        }

        return error is null ? parsed with { ApiEnvironment = environment } : null;
    }

    private static int? Number(string value, int min, int max, ref string? error)
    {
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
        {
            return n;
        }

        error = $"'{value}' is not a whole number from {min} to {max}.";
        return null;
    }
}
