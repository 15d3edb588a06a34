using System.Globalization;

namespace GistCloud.Benchmarks;

/// <summary>
/// The process's peak resident set over one run: Linux keeps it as <c>VmHWM</c> in /proc/self/status, and writing "5"
/// to /proc/self/clear_refs resets it, so each run reports its own peak rather than the seeding's.
/// </summary>
internal static class PeakMemory
{
    public static void Reset()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Not Linux, or not allowed: the peak then covers the whole process lifetime, which only overstates it.
        }
    }

    public static long? PeakRssBytes() => HighWaterMark("self");

    /// <summary>VmHWM of <paramref name="process"/> ("self" or a pid), or null where /proc is absent or the process is gone.</summary>
    public static long? HighWaterMark(string process)
    {
        try
        {
            var line = File.ReadLines($"/proc/{process}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            var kilobytes = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            return long.TryParse(kilobytes, NumberStyles.None, CultureInfo.InvariantCulture, out var kb) ? kb * 1024 : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null; // not Linux, or the process exited between the check and the read
        }
    }
}
