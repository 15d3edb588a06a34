using GistCloud.Core.Storage.Gists;
using GistCloud.SyncLambda;

namespace GistCloud.UnitTests.Architecture;

/// <summary>
/// The dependency rule of docs/ARCHITECTURE.md, read from the compiled assemblies: the domain uses nothing else in
/// Core; GitHub, Pipedrive and storage adapt to the domain and never to each other or to the use cases; the use
/// cases (Tracking, Sync) use them; the hosts use the use cases. No namespace cycle anywhere.
/// </summary>
public sealed class DependencyRuleTests
{
    private const string Core = "GistCloud.Core";
    private const string Domain = Core + ".Domain";

    private static readonly Lazy<DependencyGraph> App = new(() => DependencyGraph.Load(
        typeof(GistStore).Assembly, typeof(Program).Assembly, typeof(SyncFunction).Assembly));

    /// <summary>The adapters: each translates between one outside system and the domain.</summary>
    private static readonly string[] Adapters = [Core + ".GitHub", Core + ".Pipedrive", Core + ".Storage", Core + ".Queueing", Core + ".Monitoring"];

    /// <summary>The use cases: they compose adapters; no adapter may know them.</summary>
    private static readonly string[] UseCases = [Core + ".Tracking", Core + ".Sync"];

    [Fact]
    public void The_domain_uses_nothing_else_in_Core_and_no_SDK()
    {
        var violations = App.Value.Violations(
            from: Domain,
            forbidden: [Core, "Amazon", "Octokit", "Polly", "Microsoft.Extensions", "Microsoft.AspNetCore", "System.Net.Http"],
            allowed: [Domain]);

        Assert.Empty(violations);
    }

    [Theory]
    [InlineData(Core + ".GitHub")]
    [InlineData(Core + ".Pipedrive")]
    [InlineData(Core + ".Storage")]
    [InlineData(Core + ".Queueing")]
    [InlineData(Core + ".Monitoring")]
    public void An_adapter_knows_the_domain_but_no_other_adapter_and_no_use_case(string adapter)
    {
        var violations = App.Value.Violations(
            from: adapter,
            forbidden: [.. Adapters.Where(a => a != adapter), .. UseCases]);

        Assert.Empty(violations);
    }

    [Theory]
    [InlineData("Octokit", Core + ".GitHub")]
    [InlineData("Amazon.DynamoDBv2", Core + ".Storage")]
    [InlineData("Amazon.SimpleSystemsManagement", Core + ".Configuration")]
    [InlineData("Amazon.SQS", Core + ".Queueing")]
    public void Only_its_adapter_touches_an_outside_SDK(string sdk, string adapter)
    {
        var users = App.Value.NamespacesUsing(sdk).ToList();

        // Hosts wire the SDK clients up (DynamoDB health, SSM at start) through Core's registration methods only.
        Assert.Contains(users, ns => Within(ns, adapter));
        Assert.DoesNotContain(users, ns => !Within(ns, adapter));
    }

    [Fact]
    public void Core_has_no_hosting_code()
    {
        var violations = App.Value.Violations(from: Core, forbidden: ["Microsoft.AspNetCore", "GistCloud.Api", "GistCloud.SyncLambda"]);

        Assert.Empty(violations);
    }

    [Theory]
    [InlineData(Core)]
    [InlineData("GistCloud.Api")]
    [InlineData("GistCloud.SyncLambda")]
    public void Namespaces_do_not_use_each_other_in_a_circle(string root)
    {
        Assert.Empty(App.Value.Cycles(root));
    }

    [Fact]
    public void The_cycle_check_finds_a_circle_when_there_is_one()
    {
        // Two namespaces of this test assembly that use each other (below): proof that the rule above can fail.
        var graph = DependencyGraph.Load(typeof(CycleSample.Left.LeftType).Assembly);

        var cycle = Assert.Single(graph.Cycles(typeof(CycleSample.Left.LeftType).Namespace![..^".Left".Length]));
        Assert.Equal(["GistCloud.UnitTests.Architecture.CycleSample.Left", "GistCloud.UnitTests.Architecture.CycleSample.Right"], cycle);
    }

    [Fact]
    public void The_dependency_check_finds_a_forbidden_use_when_there_is_one()
    {
        var graph = DependencyGraph.Load(typeof(CycleSample.Left.LeftType).Assembly);

        var violation = Assert.Single(graph.Violations(
            from: "GistCloud.UnitTests.Architecture.CycleSample.Left", forbidden: ["GistCloud.UnitTests.Architecture.CycleSample.Right"]));
        Assert.Contains("LeftType", violation, StringComparison.Ordinal);
    }

    private static bool Within(string ns, string root) =>
        ns == root || ns.StartsWith(root + ".", StringComparison.Ordinal);
}
