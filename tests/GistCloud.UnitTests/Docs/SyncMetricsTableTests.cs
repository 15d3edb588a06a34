using System.Text.RegularExpressions;
using GistCloud.Core.Monitoring;

namespace GistCloud.UnitTests.Docs;

/// <summary>docs/SYNC.md's metrics table names every metric a run writes, with its unit: it is what alarms are built from.</summary>
public sealed partial class SyncMetricsTableTests
{
    [Fact]
    public void The_metrics_table_lists_every_metric_with_its_unit_and_nothing_else()
    {
        var (_, rows) = MarkdownDoc.Load("docs/SYNC.md").TableUnder("## Metrics");
        var documented = rows
            .SelectMany(r => Name().Matches(r[0]).Select(m => (Name: m.Groups[1].Value, Unit: r[1])))
            .OrderBy(m => m.Name, StringComparer.Ordinal);

        var written = EmbeddedMetricsWriter.Metrics.Select(m => (m.Name, m.Unit)).OrderBy(m => m.Name, StringComparer.Ordinal);

        Assert.Equal(written, documented);
    }

    [GeneratedRegex("`([A-Za-z]+)`")]
    private static partial Regex Name();
}
