using System.Reflection;

namespace GistCloud.UnitTests.Docs;

/// <summary>A Markdown file of the repository, read for the tables whose claims the code can check.</summary>
internal sealed class MarkdownDoc
{
    private readonly string[] _lines;

    private MarkdownDoc(string path, string[] lines)
    {
        Path = path;
        _lines = lines;
    }

    public string Path { get; }

    /// <summary>Reads <paramref name="relativePath"/> from the repository root recorded at build time (the csproj's RepositoryRoot).</summary>
    public static MarkdownDoc Load(string relativePath)
    {
        var root = typeof(MarkdownDoc).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value
            ?? throw new InvalidOperationException("The test assembly has no RepositoryRoot metadata.");
        var path = System.IO.Path.Combine(root, relativePath);
        return new MarkdownDoc(relativePath, File.ReadAllLines(path));
    }

    /// <summary>
    /// The first table under the heading <paramref name="heading"/> (e.g. <c>## Configuration</c>), before the next
    /// heading of any level: its header cells and its rows' cells, trimmed.
    /// </summary>
    public (IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows) TableUnder(string heading)
    {
        var start = Array.FindIndex(_lines, l => l.TrimEnd() == heading);
        if (start < 0)
        {
            throw new InvalidOperationException($"{Path} has no heading '{heading}'.");
        }

        var section = _lines.Skip(start + 1).TakeWhile(l => !l.StartsWith('#')).ToList();
        var table = section.SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')).Select(Cells).ToList();
        if (table.Count < 2)
        {
            throw new InvalidOperationException($"{Path} has no table under '{heading}'.");
        }

        return (table[0], table.Skip(2).ToList()); // table[1] is the |---| separator
    }

    private static IReadOnlyList<string> Cells(string line) =>
        [.. line.Trim().Trim('|').Split('|').Select(c => c.Trim())];
}
