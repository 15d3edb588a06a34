using System.Reflection;
using GistCloud.Core.Configuration;
using GistCloud.Core.Storage.Schema;
using GistCloud.SyncLambda;
using Microsoft.Extensions.Configuration;

namespace GistCloud.UnitTests.Infra;

/// <summary>
/// infra/manifest.json is what the Pulumi program builds from; these tests hold it to the C# code, so a table,
/// handler or setting renamed on one side fails here instead of on AWS.
/// </summary>
public sealed class ManifestTests
{
    private static readonly InfraManifest Manifest = InfraManifest.Load();

    /// <summary>Every options class of the app: a public class with a <c>SectionName</c> constant.</summary>
    private static readonly Type[] OptionsTypes =
        new[] { typeof(TableDefinition).Assembly, typeof(SyncFunction).Assembly, typeof(Program).Assembly }
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true })
            .ToArray();

    [Fact]
    public void The_tables_are_GistCloudTables_All_in_order_with_the_same_keys_indexes_and_ttl()
    {
        Assert.Equal(GistCloudTables.All.Select(Describe), Manifest.Tables.Select(Describe));
        Assert.Equal(TableDefinition.BillingMode, Manifest.BillingMode);
        Assert.Equal(IndexDefinition.Projection, Manifest.IndexProjection);
    }

    [Fact]
    public void The_sync_handler_is_SyncFunction_Handler()
    {
        Assert.Equal(SyncFunction.Handler, Manifest.Sync.Handler);
    }

    [Fact]
    public void The_sync_handler_names_a_public_Stream_in_Stream_out_method_the_runtime_can_call()
    {
        var parts = Manifest.Sync.Handler!.Split("::");
        Assert.Equal(3, parts.Length);
        var (assemblyName, typeName, methodName) = (parts[0], parts[1], parts[2]);

        var assembly = Assembly.Load(assemblyName);
        Assert.Equal(typeof(SyncFunction).Assembly, assembly);
        var type = assembly.GetType(typeName, throwOnError: true)!;
        Assert.True(type.IsPublic && !type.IsAbstract, $"{typeName} must be a public concrete class");
        Assert.NotNull(type.GetConstructor(Type.EmptyTypes)); // the runtime creates it with no arguments

        var method = Assert.Single(type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static), m => m.Name == methodName);
        Assert.Equal([typeof(Stream)], method.GetParameters().Select(p => p.ParameterType));
        Assert.Contains(method.ReturnType, new[] { typeof(Stream), typeof(Task<Stream>) });
    }

    [Fact]
    public void The_api_executable_is_the_Api_assembly_with_an_entry_point()
    {
        var api = typeof(Program).Assembly;

        Assert.Equal(api.GetName().Name, Manifest.Api.Executable);
        Assert.NotNull(api.EntryPoint);
    }

    [Fact]
    public void Every_setting_binds_to_a_property_of_an_options_class()
    {
        Assert.NotEmpty(OptionsTypes);
        foreach (var variable in Manifest.Settings.Values.Concat(Manifest.Secrets.Values))
        {
            var (options, property) = Resolve(variable);
            var sample = SampleValue(property.PropertyType);

            // Bind as the host does (environment variables use "__" for ":").
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { [variable.Replace("__", ":", StringComparison.Ordinal)] = sample.Text })
                .Build();
            var bound = configuration.GetSection(variable.Split("__")[0]).Get(options);

            Assert.True(Equals(sample.Value, property.GetValue(bound)), $"{variable} did not bind to {options.Name}.{property.Name}");
        }
    }

    [Fact]
    public void Secrets_are_read_from_the_SSM_parameter_named_by_the_setting_plus_SsmSecrets_suffix()
    {
        Assert.Equal(SsmSecrets.Suffix, Manifest.SecretParameterSuffix);
        foreach (var variable in Manifest.Secrets.Values)
        {
            // The parameter variable itself must not be a setting, or it would be bound as one.
            var (section, name) = Split(variable + Manifest.SecretParameterSuffix);
            Assert.DoesNotContain(OptionsTypes, t => SectionName(t) == section && FindProperty(t, name) is not null);
        }
    }

    [Fact]
    public void Each_function_names_only_tables_and_secrets_of_the_manifest()
    {
        var tables = GistCloudTables.All.Select(t => t.NameSuffix).ToHashSet();
        foreach (var function in new[] { Manifest.Sync, Manifest.Api })
        {
            Assert.NotEmpty(function.Tables);
            Assert.Subset(tables, function.Tables.Keys.ToHashSet());
            Assert.All(function.Tables.Values, access => Assert.True(Enum.IsDefined(access)));
            Assert.Subset(Manifest.Secrets.Keys.ToHashSet(), function.Secrets.ToHashSet());
        }

        // Visits are written by the API alone (POST /api/visits, and the purge when a user is removed or re-added).
        Assert.DoesNotContain(GistCloudTables.Visits.NameSuffix, Manifest.Sync.Tables.Keys);
    }

    [Fact]
    public void The_sync_function_writes_what_a_run_writes()
    {
        // A run updates users (scan state, Pipedrive person), stores and publishes gists, and records runs under the lease.
        foreach (var table in new[] { GistCloudTables.Users.NameSuffix, GistCloudTables.Gists.NameSuffix, GistCloudTables.SyncRuns.NameSuffix })
        {
            Assert.Equal(TableAccess.ReadWrite, Access(Manifest.Sync, table));
        }
    }

    [Fact]
    public void The_api_only_reads_sync_runs_and_writes_the_rest()
    {
        // The API does not host the sync worker on AWS (Sync__Interval=0): it lists runs and reads one; a write would let
        // it take or hold the lease and block every scheduled run.
        Assert.Equal(TableAccess.Read, Access(Manifest.Api, GistCloudTables.SyncRuns.NameSuffix));
        foreach (var table in new[] { GistCloudTables.Users.NameSuffix, GistCloudTables.Gists.NameSuffix, GistCloudTables.Visits.NameSuffix })
        {
            Assert.Equal(TableAccess.ReadWrite, Access(Manifest.Api, table));
        }
    }

    private static TableAccess Access(ManifestFunction function, string table)
    {
        Assert.True(function.Tables.TryGetValue(table, out var access), $"the function does not list table {table}");
        return access;
    }

    private static string Describe(TableDefinition t) => Describe(
        t.NameSuffix, Key(t.HashKey), t.RangeKey is null ? null : Key(t.RangeKey),
        t.LocalIndexes.Select(i => $"{i.Name}({Key(i.HashKey)},{Key(i.RangeKey)})"),
        t.GlobalIndexes.Select(i => $"{i.Name}({Key(i.HashKey)},{Key(i.RangeKey)})"),
        t.TimeToLiveAttribute);

    private static string Describe(ManifestTable t) => Describe(
        t.NameSuffix, Key(t.HashKey), t.RangeKey is null ? null : Key(t.RangeKey),
        t.LocalIndexes.Select(i => $"{i.Name}({Key(i.HashKey)},{Key(i.RangeKey)})"),
        t.GlobalIndexes.Select(i => $"{i.Name}({Key(i.HashKey)},{Key(i.RangeKey)})"),
        t.TimeToLiveAttribute);

    private static string Describe(string name, string hash, string? range, IEnumerable<string> lsis, IEnumerable<string> gsis, string? ttl) =>
        $"{name} key({hash},{range ?? "-"}) lsi[{string.Join(" ", lsis)}] gsi[{string.Join(" ", gsis)}] ttl({ttl ?? "-"})";

    private static string Key(KeyField k) => $"{k.Name}:{k.Type}";

    private static string Key(ManifestKey k) => $"{k.Name}:{k.Type}";

    private static (string Section, string Name) Split(string variable)
    {
        var parts = variable.Split("__");
        Assert.True(parts.Length == 2, $"{variable} should be Section__Name");
        return (parts[0], parts[1]);
    }

    private static (Type Options, PropertyInfo Property) Resolve(string variable)
    {
        var (section, name) = Split(variable);
        var options = Assert.Single(OptionsTypes, t => SectionName(t) == section);
        var property = FindProperty(options, name);
        Assert.True(property is { CanWrite: true }, $"{variable}: {options.Name} has no settable property {name}");
        return (options, property!);
    }

    private static string? SectionName(Type options) =>
        (string?)options.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)!.GetRawConstantValue();

    // The configuration binder matches names without regard to case.
    private static PropertyInfo? FindProperty(Type options, string name) =>
        options.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);

    private static (string Text, object Value) SampleValue(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return ("sample-value-0123456789", "sample-value-0123456789");
        if (type == typeof(bool)) return ("true", true);
        if (type == typeof(int)) return ("7", 7);
        if (type == typeof(TimeSpan)) return ("00:00:42", TimeSpan.FromSeconds(42));
        if (type == typeof(Uri)) return ("https://example.test/", new Uri("https://example.test/"));
        if (type.IsEnum) return (Enum.GetNames(type)[^1], Enum.GetValues(type).GetValue(Enum.GetValues(type).Length - 1)!);
        throw new InvalidOperationException($"No sample value for {type}: extend {nameof(SampleValue)}.");
    }
}
