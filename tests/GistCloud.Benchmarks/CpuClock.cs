using System.Diagnostics;
using System.Globalization;

namespace GistCloud.Benchmarks;

/// <summary>
/// CPU time used so far by this process (engine, stores and both fakes) and by DynamoDB Local's JVM, whose pid
/// scripts/bench.sh passes in <c>DYNAMODB_LOCAL_PID</c>. On a small machine the two compete for the same cores.
/// </summary>
internal sealed class CpuClock(int? dynamoDbLocalPid)
{
    public const string PidVariable = "DYNAMODB_LOCAL_PID";

    public static CpuClock FromEnvironment() =>
        new(int.TryParse(Environment.GetEnvironmentVariable(PidVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null);

    public bool SeesDynamoDbLocal => dynamoDbLocalPid is not null;

    public (TimeSpan Bench, TimeSpan? DynamoDbLocal) Read()
    {
        using var self = Process.GetCurrentProcess();
        return (self.TotalProcessorTime, DynamoDbLocal());
    }

    private TimeSpan? DynamoDbLocal()
    {
        if (dynamoDbLocalPid is not { } pid)
        {
            return null;
        }

        try
        {
            using var java = Process.GetProcessById(pid);
            return java.TotalProcessorTime;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return null; // gone, or not ours to read
        }
    }
}
