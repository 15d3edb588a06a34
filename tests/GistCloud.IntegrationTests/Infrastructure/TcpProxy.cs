using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace GistCloud.IntegrationTests.Infrastructure;

/// <summary>
/// A TCP proxy in front of a real server (the shared DynamoDB Local) that a test can take down and bring back:
/// while down it severs every open connection and resets each new one at once (what a client sees when the server
/// is stopped), and counts those attempts, so a test can prove that calls stop reaching the network.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly DnsEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Pipe, byte> _pipes = new();
    private readonly Task _accepting;
    private volatile bool _down;
    private int _connections;
    private int _refused;

    private TcpProxy(Uri target)
    {
        _target = new DnsEndPoint(target.Host, target.Port);
        _listener.Start();
        ServiceUrl = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _accepting = AcceptAsync();
    }

    /// <summary>The proxy's URL, to give the SDK instead of the server's.</summary>
    public string ServiceUrl { get; }

    /// <summary>Connections passed through to the server so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Connection attempts reset while the proxy was down.</summary>
    public int Refused => Volatile.Read(ref _refused);

    public static TcpProxy Start(string targetUrl) => new(new Uri(targetUrl));

    /// <summary>"Stops the server": open connections are cut, new ones are reset.</summary>
    public void TakeDown()
    {
        _down = true;
        foreach (var pipe in _pipes.Keys)
        {
            pipe.Cut();
        }
    }

    /// <summary>"Starts the server" again.</summary>
    public void BringBack() => _down = false;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        TakeDown();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (_down)
            {
                Interlocked.Increment(ref _refused);
                Reset(client);
                continue;
            }

            Interlocked.Increment(ref _connections);
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(Socket client)
    {
        var server = new Socket(SocketType.Stream, ProtocolType.Tcp);
        var pipe = new Pipe(client, server);
        _pipes.TryAdd(pipe, 0);
        try
        {
            await server.ConnectAsync(_target, _stop.Token);
            using var clientStream = new NetworkStream(client, ownsSocket: false);
            using var serverStream = new NetworkStream(server, ownsSocket: false);
            await Task.WhenAny(clientStream.CopyToAsync(serverStream, _stop.Token), serverStream.CopyToAsync(clientStream, _stop.Token));
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A cut or a closed end: the relay is over either way.
        }
        finally
        {
            _pipes.TryRemove(pipe, out _);
            pipe.Cut();
        }
    }

    /// <summary>Closes with RST instead of FIN, as a stopped server's host answers.</summary>
    private static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private sealed class Pipe(Socket client, Socket server)
    {
        public void Cut()
        {
            Reset(client);
            Reset(server);
        }
    }
}
