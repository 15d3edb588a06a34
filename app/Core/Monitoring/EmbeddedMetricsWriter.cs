using System.Buffers;
using System.Text;
using System.Text.Json;
using GistCloud.Core.Domain.SyncRuns;
using Microsoft.Extensions.Logging;

namespace GistCloud.Core.Monitoring;

/// <summary>
/// A finished run as one CloudWatch embedded metric format (EMF) document: one JSON line on stdout, which Lambda sends
/// to CloudWatch Logs and CloudWatch turns into metrics in <c>Sync:MetricsNamespace</c> with the dimension
/// <c>Stage</c>. The run id, trigger and outcome ride along as plain properties (searchable in Logs Insights, no
/// extra metric cardinality). Metric names and units are a contract with the Pulumi alarms.
/// </summary>
public sealed partial class EmbeddedMetricsWriter(EmbeddedMetricsOptions options, EmbeddedMetricsOutput output, ILogger<EmbeddedMetricsWriter> logger) : ISyncRunMetrics
{
    public const string StageDimension = "Stage";

    private const string Count = "Count";
    private const string Seconds = "Seconds";

    /// <summary>Each metric: its name (the root member holding the value), its CloudWatch unit and its value for a run.</summary>
    internal static readonly IReadOnlyList<(string Name, string Unit, Func<SyncRun, double> Value)> Metrics =
    [
        ("RunsCompleted", Count, run => run.Outcome == SyncRunOutcome.Completed ? 1 : 0),
        ("RunsFailed", Count, run => run.Outcome == SyncRunOutcome.Failed ? 1 : 0),
        ("RunsStoppedEarly", Count, run => run.Outcome == SyncRunOutcome.StoppedEarly ? 1 : 0),
        ("RunDuration", Seconds, run => (run.Duration ?? TimeSpan.Zero).TotalSeconds),
        ("UsersChecked", Count, run => run.Figures.UsersChecked),
        ("UsersChanged", Count, run => run.Figures.UsersChanged),
        ("GistsStored", Count, run => run.Figures.GistsStored),
        ("GistsPublished", Count, run => run.Figures.GistsPublished),
        ("GistsFailed", Count, run => run.Figures.GistsFailed),
        ("GitHubRequests", Count, run => run.Figures.GitHubRequests),
        ("GraphQLRequests", Count, run => run.Figures.GraphQLRequests),

        // The errors the run record keeps (at most 200; a run with more says how many were left out in its message).
        ("UserErrors", Count, run => run.Errors.Count),
    ];

    public void Record(SyncRun finished)
    {
        ArgumentNullException.ThrowIfNull(finished);
        try
        {
            // One WriteLine call: the console logger writes on its own thread, and one call keeps the line whole.
            output.Writer.WriteLine(Document(finished, options));
        }
        catch (Exception exception)
        {
            // Metrics are a view of the run, which is already saved: losing them must not fail it.
            LogNotWritten(exception, finished.RunId);
        }
    }

    /// <summary>The EMF document of a finished run, as one line of JSON (no newline inside).</summary>
    internal static string Document(SyncRun run, EmbeddedMetricsOptions options)
    {
        var finishedAt = run.FinishedAt ?? throw new ArgumentException($"Sync run {run.RunId} has not finished: it has no metrics yet.", nameof(run));
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
        {
            json.WriteStartObject();
            json.WriteStartObject("_aws");
            json.WriteNumber("Timestamp", finishedAt.ToUnixTimeMilliseconds());
            json.WriteStartArray("CloudWatchMetrics");
            json.WriteStartObject();
            json.WriteString("Namespace", options.Namespace);
            json.WriteStartArray("Dimensions");
            json.WriteStartArray();
            json.WriteStringValue(StageDimension);
            json.WriteEndArray();
            json.WriteEndArray();
            json.WriteStartArray("Metrics");
            foreach (var (name, unit, _) in Metrics)
            {
                json.WriteStartObject();
                json.WriteString("Name", name);
                json.WriteString("Unit", unit);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();

            json.WriteString(StageDimension, options.Stage);
            json.WriteString("RunId", run.RunId);
            json.WriteString("Trigger", JsonNamingPolicy.CamelCase.ConvertName(run.Trigger.ToString()));
            // As GET /api/sync/runs shows it.
            json.WriteString("Outcome", JsonNamingPolicy.CamelCase.ConvertName(run.Outcome.ToString()));
            foreach (var (name, _, value) in Metrics)
            {
                json.WriteNumber(name, value(run));
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The metrics of sync run {RunId} could not be written")]
    private partial void LogNotWritten(Exception exception, string runId);
}
