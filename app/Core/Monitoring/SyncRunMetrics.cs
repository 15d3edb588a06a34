using GistCloud.Core.Domain.SyncRuns;

namespace GistCloud.Core.Monitoring;

/// <summary>
/// Where a finished run's figures go as metrics: CloudWatch through the embedded metric format when
/// <c>Sync:MetricsNamespace</c> is set (<see cref="EmbeddedMetricsWriter"/>), nowhere otherwise. Never throws into the run.
/// </summary>
public interface ISyncRunMetrics
{
    /// <summary>Records a run that has finished and been saved (Completed, StoppedEarly or Failed).</summary>
    void Record(SyncRun finished);
}

/// <summary><c>Sync:MetricsNamespace</c> is unset (locally, in most tests): runs publish no metrics.</summary>
internal sealed class NoSyncRunMetrics : ISyncRunMetrics
{
    public void Record(SyncRun finished)
    {
    }
}

/// <summary>The CloudWatch namespace and the value of the <c>Stage</c> dimension (<c>Sync:MetricsNamespace</c>, <c>Sync:MetricsStage</c>).</summary>
public sealed record EmbeddedMetricsOptions(string Namespace, string Stage);

/// <summary>Where EMF lines are written: stdout in production (Lambda ships it to CloudWatch Logs); a test can hand in its own writer.</summary>
public sealed class EmbeddedMetricsOutput(TextWriter writer)
{
    public TextWriter Writer { get; } = writer;
}
