extern alias Benchmarks;

using Benchmarks::GistCloud.Benchmarks;
using Benchmarks::GistCloud.Benchmarks.Api;

namespace GistCloud.UnitTests.Docs;

/// <summary>
/// docs/SYNC.md shows `make bench` output as a table: its columns are the ones the benchmark prints. The headers are
/// read from the benchmark's own array (RunTable.Header), not parsed out of its source, so reformatting the code
/// cannot break this test and renaming a column cannot slip past it. The README's `make bench-api` table likewise.
/// </summary>
public sealed class BenchmarkTableTests
{
    [Fact]
    public void The_documented_benchmark_table_has_the_printed_columns()
    {
        var (header, rows) = MarkdownDoc.Load("docs/SYNC.md").TableUnder("## Benchmarks");

        Assert.Equal(RunTable.Header, header);
        Assert.All(rows, row => Assert.Equal(RunTable.Header.Length, row.Count));
    }

    [Fact]
    public void The_documented_change_probe_table_has_the_printed_columns()
    {
        var (header, rows) = MarkdownDoc.Load("docs/SYNC.md").TableUnder("### Scenario 3: the GraphQL change probe against REST alone");

        Assert.Equal(ProbeScenario.Header, header);
        Assert.NotEmpty(rows);
        Assert.All(rows, row => Assert.Equal(ProbeScenario.Header.Length, row.Count));
    }

    [Fact]
    public void The_documented_api_benchmark_table_has_the_printed_columns()
    {
        var (header, rows) = MarkdownDoc.Load("README.md").TableUnder("## API benchmark: `make bench-api`");

        Assert.Equal(ApiBenchTable.Header, header);
        Assert.NotEmpty(rows);
        Assert.All(rows, row => Assert.Equal(ApiBenchTable.Header.Length, row.Count));
    }
}
