using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace GistCloud.Benchmarks.Api;

/// <summary>
/// One published API started as a real process (its apphost, as the Lambda Web Adapter starts it) on a free port,
/// its console output kept in a log file; disposing kills it.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly StreamWriter _log;

    private ServerProcess(string name, Process process, StreamWriter log, Uri baseUrl, TimeSpan startup, TimeSpan startupCpu)
    {
        Name = name;
        _process = process;
        _log = log;
        BaseUrl = baseUrl;
        Startup = startup;
        StartupCpu = startupCpu;
    }

    /// <summary>What runs (<see cref="ServerUnderTest.Name"/>), for the printed figures.</summary>
    public string Name { get; }

    public Uri BaseUrl { get; }

    /// <summary>Process start to the first 200 on <c>/health</c>.</summary>
    public TimeSpan Startup { get; }

    /// <summary>CPU time (user and system) the server used until then: what start-up costs, less sensitive than wall time to a busy machine.</summary>
    public TimeSpan StartupCpu { get; }

    /// <summary>CPU time the server has used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>
    /// Starts <paramref name="server"/> and polls <c>/health</c> (every millisecond or so) until it answers 200.
    /// <paramref name="probe"/> is warm already, so its own first-request costs are not counted.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(ServerUnderTest server, HttpClient probe, string logPath, CancellationToken cancellationToken)
    {
        var port = FreePort();
        var baseUrl = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo(server.Executable)
        {
            WorkingDirectory = Path.GetDirectoryName(server.Executable)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = baseUrl.ToString().TrimEnd('/');
        foreach (var (key, value) in server.Environment)
        {
            start.Environment[key] = value;
        }

        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var health = new Uri(baseUrl, "health");
        var clock = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{server.Executable} did not start.");
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var running = new ServerProcess(server.Name, process, log, baseUrl, TimeSpan.Zero, TimeSpan.Zero);
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (await AnswersAsync(probe, health, cancellationToken))
                {
                    var elapsed = clock.Elapsed;
                    return new ServerProcess(server.Name, process, log, baseUrl, elapsed, running.CpuTime);
                }

                if (process.HasExited)
                {
                    throw new InvalidOperationException($"{server.Name} exited with code {process.ExitCode} before answering; its output is in {logPath}.");
                }

                if (clock.Elapsed > StartTimeout)
                {
                    throw new InvalidOperationException($"{server.Name} did not answer 200 on /health within {StartTimeout.TotalSeconds} s; its output is in {logPath}.");
                }

                await Task.Delay(1, cancellationToken);
            }
        }
        catch
        {
            await running.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        await _log.DisposeAsync();
    }

    private static async Task<bool> AnswersAsync(HttpClient probe, Uri health, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await probe.GetAsync(health, cancellationToken);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false; // not listening yet
        }
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.WriteLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A published API: its apphost and the environment it runs with (beyond Production and its URL).</summary>
internal sealed record ServerUnderTest(string Name, string Executable, IReadOnlyDictionary<string, string> Environment);
