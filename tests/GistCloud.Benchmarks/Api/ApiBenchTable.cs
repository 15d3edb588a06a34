namespace GistCloud.Benchmarks.Api;

/// <summary>The summary table of <c>make bench-api</c>; the unit tests hold the README's table to <see cref="Header"/>.</summary>
internal static class ApiBenchTable
{
    internal static readonly string[] Header = ["measure", "GistCloud.Api", "empty API", "ratio", "target", "verdict"];

    public static void Print(IReadOnlyList<string[]> rows)
    {
        var all = rows.Prepend(Header).ToList();
        var widths = Enumerable.Range(0, Header.Length).Select(c => all.Max(r => r[c].Length)).ToArray();
        foreach (var row in all)
        {
            // The first column is a label, left-aligned; the others hold figures.
            Console.WriteLine("  " + string.Join("  ", row.Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))).TrimEnd());
        }
    }
}
