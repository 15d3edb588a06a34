using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GistCloud.UnitTests.Infra;

/// <summary>infra/manifest.json as C# records: the names the Pulumi program takes from it.</summary>
internal sealed record InfraManifest(
    IReadOnlyList<ManifestTable> Tables,
    string BillingMode,
    string IndexProjection,
    IReadOnlyDictionary<string, string> Settings,
    IReadOnlyDictionary<string, string> Secrets,
    string SecretParameterSuffix,
    ManifestFunction Sync,
    ManifestFunction Api)
{
    // "read" / "readWrite" by name only: a number or an unknown name fails the load.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    public static InfraManifest Load() =>
        JsonSerializer.Deserialize<InfraManifest>(File.ReadAllText(FindFile()), Json)
        ?? throw new InvalidOperationException("infra/manifest.json is empty.");

    /// <summary>
    /// The repository root is recorded at build time (the csproj's RepositoryRoot metadata), so the file is found
    /// wherever the test binaries are written (--artifacts-path); walking up from them is the fallback.
    /// </summary>
    private static string FindFile()
    {
        var recorded = typeof(InfraManifest).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        var candidates = new List<string>();
        if (recorded is not null)
        {
            candidates.Add(recorded);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            candidates.Add(dir.FullName);
        }

        return candidates.Select(root => Path.Combine(root, "infra", "manifest.json")).FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"infra/manifest.json not found under {string.Join(", ", candidates.Take(3))} or above.");
    }
}

internal sealed record ManifestKey(string Name, string Type);

internal sealed record ManifestIndex(string Name, ManifestKey HashKey, ManifestKey RangeKey);

internal sealed record ManifestTable(
    string NameSuffix,
    ManifestKey HashKey,
    ManifestKey? RangeKey,
    IReadOnlyList<ManifestIndex> LocalIndexes,
    IReadOnlyList<ManifestIndex> GlobalIndexes,
    string? TimeToLiveAttribute);

/// <summary>What a function may do to a table; the Pulumi program grants the matching DynamoDB actions (lambda.ts).</summary>
internal enum TableAccess
{
    /// <summary>GetItem, BatchGetItem, Query.</summary>
    Read,

    /// <summary>Read, plus PutItem, UpdateItem, DeleteItem, BatchWriteItem, ConditionCheckItem.</summary>
    ReadWrite,
}

/// <param name="Tables">Table suffix → the access this function gets to it.</param>
internal sealed record ManifestFunction(
    IReadOnlyDictionary<string, TableAccess> Tables,
    IReadOnlyList<string> Secrets,
    string? Handler = null,
    string? Executable = null,
    string? HealthPath = null);
