using System.Reflection;
using System.Text.RegularExpressions;
using GistCloud.Api.Security;
using GistCloud.Core.GitHub;
using GistCloud.Core.Storage;
using GistCloud.SyncLambda;
using GistCloud.UnitTests.Infra;

namespace GistCloud.UnitTests.Docs;

/// <summary>The README's configuration table lists exactly the keys the code reads: none missing, none invented.</summary>
public sealed partial class ReadmeConfigurationTests
{
    /// <summary>Keys read outside an options class, each documented in the README on purpose.</summary>
    private static readonly string[] NonOptionKeys =
    [
        StorageServiceCollectionExtensions.EndpointKey, // the AWS SDK's own endpoint override: DynamoDB Local
        "Site__Root", // app/Api/Site/SiteRoot.cs reads Site:Root directly (where the built web app is)
        "Logging__RequestLogLevel", // app/Api/Hosting/ApiServiceCollectionExtensions.cs: the level of ASP.NET Core's request logs
        Core.Queueing.QueueingServiceCollectionExtensions.EndpointKey, // the SQS endpoint override: a fake SQS in tests
    ];

    [Fact]
    public void The_configuration_table_lists_every_option_and_nothing_else()
    {
        var (_, rows) = MarkdownDoc.Load("README.md").TableUnder("## Configuration");
        var documented = rows.SelectMany(r => Key().Matches(r[0]).Select(m => m.Groups[1].Value)).ToHashSet(StringComparer.Ordinal);

        var expected = OptionKeys().Concat(NonOptionKeys).Concat(SsmParameterKeys()).ToHashSet(StringComparer.Ordinal);

        Assert.Multiple(
            () => Assert.True(expected.IsSubsetOf(documented), $"README.md's configuration table misses: {string.Join(", ", expected.Except(documented).Order())}"),
            () => Assert.True(documented.IsSubsetOf(expected), $"README.md's configuration table lists keys the code does not read: {string.Join(", ", documented.Except(expected).Order())}"));
    }

    [Fact]
    public void Options_are_found_in_every_host_assembly()
    {
        // Guards the reflection above: if it found nothing, the table test would only compare the extra keys.
        var keys = OptionKeys().ToList();
        Assert.Contains("GitHub__Token", keys);
        Assert.Contains("Api__Key", keys);
        Assert.Contains("Sync__MaxRunDuration", keys);
        Assert.Contains("Pipedrive__AttemptTimeout", keys); // inherited from HttpPeerOptions
    }

    /// <summary><c>Section__Property</c> for every public settable property of every class with a <c>SectionName</c> constant.</summary>
    private static IEnumerable<string> OptionKeys() =>
        new[] { typeof(GitHubOptions).Assembly, typeof(ApiOptions).Assembly, typeof(SyncFunction).Assembly }
            .SelectMany(a => a.GetTypes())
            .Select(t => (Type: t, Section: t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)))
            .Where(t => t.Section is { IsLiteral: true } && t.Type.IsClass)
            .SelectMany(t => t.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.SetMethod is { IsPublic: true })
                .Select(p => $"{t.Section!.GetRawConstantValue()}__{p.Name}"));

    /// <summary>On AWS each secret's key gets the SSM suffix (<c>GitHub__TokenParameter</c>): the names infra/manifest.json shares with Pulumi.</summary>
    private static IEnumerable<string> SsmParameterKeys()
    {
        var manifest = InfraManifest.Load();
        return manifest.Secrets.Values.Select(key => key + manifest.SecretParameterSuffix);
    }

    [GeneratedRegex("`([A-Za-z][A-Za-z0-9_]*)`")]
    private static partial Regex Key();
}
