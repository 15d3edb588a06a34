using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using GistCloud.Core.Storage.Schema;

namespace GistCloud.IntegrationTests.Infrastructure;

/// <summary>
/// One DynamoDB Local process (in memory) for the whole test run, started on first use and killed when the run
/// ends. xunit 2 has no assembly fixtures, and a collection fixture would serialize the classes that share it, so
/// this is a lazily started static instance; classes isolate their data with a table prefix each.
/// </summary>
public sealed class DynamoDbLocal
{
    public const string DirectoryVariable = "GISTCLOUD_DYNAMODB_LOCAL_DIR";
    private const string EmulatorSubPath = ".cache/dynamodb-local/package/emulator";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly Lazy<Task<DynamoDbLocal>> Instance = new(StartAsync);

    private DynamoDbLocal(string serviceUrl, TimeSpan startupTime)
    {
        ServiceUrl = serviceUrl;
        StartupTime = startupTime;
    }

    /// <summary>The shared instance, started on first call (every later call waits for the same start).</summary>
    public static Task<DynamoDbLocal> GetAsync() => Instance.Value;

    public string ServiceUrl { get; }

    /// <summary>How long the emulator took to answer its first request (fetching it, if needed, included).</summary>
    public TimeSpan StartupTime { get; }

    /// <summary>A client for the emulator. In-memory DynamoDB Local keeps data per access key and region: all clients use the same.</summary>
    public AmazonDynamoDBClient CreateClient() => CreateClient(ServiceUrl);

    public static AmazonDynamoDBClient CreateClient(string serviceUrl) => new(
        new BasicAWSCredentials("local", "local"),
        new AmazonDynamoDBConfig { ServiceURL = serviceUrl, AuthenticationRegion = "us-east-1" });

    /// <summary>A table prefix no other test uses (table names allow 3–255 of [A-Za-z0-9_.-]).</summary>
    public static string NewTablePrefix() => $"t{Guid.NewGuid():N}"[..13] + "-";

    /// <summary>A fresh prefix whose tables exist and are ACTIVE.</summary>
    public async Task<string> CreateTablesAsync()
    {
        var prefix = NewTablePrefix();
        using var client = CreateClient();
        await TableCreator.EnsureCreatedAsync(client, prefix, TimeProvider.System, CancellationToken.None);
        return prefix;
    }

    private static async Task<DynamoDbLocal> StartAsync()
    {
        var clock = Stopwatch.StartNew();
        var emulator = await FindOrFetchEmulatorAsync();
        var port = FreePort();
        var output = new StringBuilder();
        if (!OnPath("java"))
        {
            throw new InvalidOperationException("DynamoDB Local needs Java 17+ on PATH (apt-get install openjdk-17-jre-headless).");
        }

        // java runs under a small bash watchdog that stops it when this test process is gone: ProcessExit does not
        // run when a test host is killed (a hang timeout, Ctrl+C twice), and an orphaned emulator would live on.
        var java = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = emulator,
        };
        foreach (var argument in new[] { "-c", Watchdog, "dynamodb-local", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), "java" })
        {
            java.ArgumentList.Add(argument);
        }

        // C1-only JIT and the serial collector: the emulator answers in ~3 s instead of ~5-6 s on two cores,
        // and a test run never lasts long enough for the optimizing JIT to pay back.
        foreach (var argument in new[] { "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", $"-Djava.library.path={Path.Combine(emulator, "DynamoDBLocal_lib")}", "-jar", Path.Combine(emulator, "DynamoDBLocal.jar"), "-port", port.ToString(CultureInfo.InvariantCulture), "-inMemory", "-disableTelemetry" })
        {
            java.ArgumentList.Add(argument);
        }

        var process = Process.Start(java) ?? throw new InvalidOperationException("bash did not start.");
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(process);

        var serviceUrl = $"http://127.0.0.1:{port}";
        await WaitUntilAnsweringAsync(serviceUrl, process, output);
        return new DynamoDbLocal(serviceUrl, clock.Elapsed);
    }

    /// <summary>$1: the pid to outlive; the rest: the command. Exits with the command's code when it stops first.</summary>
    private const string Watchdog = """
        parent="$1"; shift
        "$@" &
        child=$!
        while kill -0 "$parent" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 1; done
        kill "$child" 2>/dev/null
        wait "$child"
        """;

    private static bool OnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, command)));

    private static async Task WaitUntilAnsweringAsync(string serviceUrl, Process process, StringBuilder output)
    {
        using var client = CreateClient(serviceUrl);
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"DynamoDB Local exited with code {process.ExitCode} before answering. Its output:\n{Read(output)}");
            }

            try
            {
                using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await client.ListTablesAsync(new Amazon.DynamoDBv2.Model.ListTablesRequest(), attempt.Token);
                return;
            }
            catch (Exception e) when (e is AmazonServiceException or HttpRequestException or OperationCanceledException or IOException or SocketException)
            {
                if (DateTime.UtcNow > deadline)
                {
                    Stop(process);
                    throw new TimeoutException($"DynamoDB Local did not answer on {serviceUrl} within {StartTimeout.TotalSeconds:0} s. Its output:\n{Read(output)}", e);
                }

                await Task.Delay(100);
            }
        }
    }

    /// <summary>The emulator folder: from the variable, else the repository's cache, fetched there by the script when missing.</summary>
    private static async Task<string> FindOrFetchEmulatorAsync()
    {
        if (Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } configured)
        {
            return File.Exists(Path.Combine(configured, "DynamoDBLocal.jar"))
                ? configured
                : throw new InvalidOperationException($"{DirectoryVariable}={configured} has no DynamoDBLocal.jar.");
        }

        var root = FindRepositoryRoot();
        var emulator = Path.Combine(root, EmulatorSubPath);
        if (File.Exists(Path.Combine(emulator, "DynamoDBLocal.jar")))
        {
            return emulator;
        }

        var fetch = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = root };
        fetch.ArgumentList.Add(Path.Combine(root, "scripts", "dynamodb-local.sh"));
        fetch.ArgumentList.Add("fetch");
        using var process = Process.Start(fetch) ?? throw new InvalidOperationException("bash did not start.");
        var stderr = process.StandardError.ReadToEndAsync();
        _ = await process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode == 0 && File.Exists(Path.Combine(emulator, "DynamoDBLocal.jar"))
            ? emulator
            : throw new InvalidOperationException($"scripts/dynamodb-local.sh fetch failed ({process.ExitCode}): {await stderr}");
    }

    /// <summary>The folder holding GistCloud.sln, searched from the test binaries, the working folder, then this source file.</summary>
    private static string FindRepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory(), Path.GetDirectoryName(SourceFile()) ?? "" })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "GistCloud.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException($"Cannot find the repository root (GistCloud.sln); set {DirectoryVariable} to DynamoDB Local's folder.");
    }

    private static string SourceFile([CallerFilePath] string path = "") => path;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            // Keep the start (the configuration banner and any startup error), not an endless log.
            if (output.Length < 20_000)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string Read(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
