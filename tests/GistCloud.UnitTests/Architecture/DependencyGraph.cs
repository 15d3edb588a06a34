using ArchUnitNET.Loader;

namespace GistCloud.UnitTests.Architecture;

/// <summary>
/// Which type uses which, from the IL of compiled assemblies (ArchUnitNET reads every field, signature, call and
/// attribute), folded to namespaces. ArchUnitNET loads and resolves; the rules stay plain LINQ so a failure names
/// the exact type and the exact dependency.
/// </summary>
internal sealed class DependencyGraph
{
    private readonly List<(string FromType, string FromNamespace, string ToType, string ToNamespace)> _edges;

    private DependencyGraph(List<(string, string, string, string)> edges) => _edges = edges;

    public static DependencyGraph Load(params System.Reflection.Assembly[] assemblies)
    {
        var architecture = new ArchLoader().LoadAssemblies(assemblies).Build();
        var edges = architecture.Types
            // Compiler-generated file-local types (the minimal API handlers the Request Delegate Generator writes) may
            // come without a namespace: they are the global namespace here.
            .SelectMany(type => type.Dependencies.Select(d => (
                FromType: type.FullName,
                FromNamespace: type.Namespace?.FullName ?? "",
                ToType: d.Target.FullName,
                ToNamespace: d.Target.Namespace?.FullName ?? "")))
            .Where(e => e.FromNamespace != e.ToNamespace)
            .Distinct()
            .ToList();
        return new DependencyGraph(edges);
    }

    /// <summary>"type -> type" for every use, by a type under <paramref name="from"/>, of a type under a forbidden root that no allowed root covers.</summary>
    public IReadOnlyList<string> Violations(string from, string[] forbidden, string[]? allowed = null) =>
        [.. _edges
            .Where(e => Within(e.FromNamespace, from)
                && forbidden.Any(f => Within(e.ToNamespace, f))
                && !(allowed ?? []).Any(a => Within(e.ToNamespace, a)))
            .Select(e => $"{e.FromType} -> {e.ToType}")
            .Distinct()
            .Order(StringComparer.Ordinal)];

    /// <summary>Namespaces that use a type under <paramref name="root"/>.</summary>
    public IEnumerable<string> NamespacesUsing(string root) =>
        _edges.Where(e => Within(e.ToNamespace, root) && !Within(e.FromNamespace, root)).Select(e => e.FromNamespace).Distinct();

    /// <summary>Each group of namespaces under <paramref name="root"/> that reach one another (Tarjan's strongly connected components), sorted.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles(string root)
    {
        var graph = _edges
            .Where(e => Within(e.FromNamespace, root) && Within(e.ToNamespace, root))
            .GroupBy(e => e.FromNamespace)
            .ToDictionary(g => g.Key, g => g.Select(e => e.ToNamespace).Distinct().ToList());
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var cycles = new List<IReadOnlyList<string>>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in graph.GetValueOrDefault(node, []))
            {
                if (!index.TryGetValue(next, out var nextIndex))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (onStack.Contains(next))
                {
                    low[node] = Math.Min(low[node], nextIndex);
                }
            }

            if (low[node] != index[node])
            {
                return;
            }

            var component = new List<string>();
            string member;
            do
            {
                member = stack.Pop();
                onStack.Remove(member);
                component.Add(member);
            }
            while (member != node);
            if (component.Count > 1)
            {
                cycles.Add([.. component.Order(StringComparer.Ordinal)]);
            }
        }

        foreach (var node in graph.Keys.Order(StringComparer.Ordinal).Where(n => !index.ContainsKey(n)))
        {
            Visit(node);
        }

        return cycles;
    }

    private static bool Within(string ns, string root) =>
        ns == root || ns.StartsWith(root + ".", StringComparison.Ordinal);
}
