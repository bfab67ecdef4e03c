using System.Net;
using System.Net.Sockets;
using PortKeeper.Integration.Tests.Processes;

namespace PortKeeper.Integration.Tests.Hostile;

/// <summary>
/// Idle connections beyond the connection limit against a real node, its limits lowered through
/// <c>--Kestrel:Limits:...</c> (the configuration path an operator uses), so that a test can reach them.
/// </summary>
public sealed class HostileFloodTests : IDisposable
{
    private const int Limit = 40;
    private const int Flood = 200;
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    private readonly string _data = Directory.CreateTempSubdirectory("portkeeper-flood-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task idle_connections_beyond_the_limit_are_refused_cleanly_while_a_connected_client_keeps_getting_answers()
    {
        await using var node = await NodeProcess.StartAsync("--allow-ports", HostileCases.AllowPorts, "--data-dir", _data,
            $"--Kestrel:Limits:MaxConcurrentConnections={Limit}", "--Kestrel:Limits:KeepAliveTimeout=00:00:05");
        // frps's way: one keep-alive connection, used again for every call.
        using var frps = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { BaseAddress = node.BaseAddress };
        var port = (await frps.NewProxyAsync("steady", "ssh")).GrantedPort();

        var flood = new List<Socket>();
        for (var i = 0; i < Flood; i++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, node.BaseAddress.Port));
            flood.Add(socket);
        }
        var again = (await frps.NewProxyAsync("steady", "ssh")).GrantedPort();
        var refused = (await Task.WhenAll(flood.Select(s => HostileClientTests.ClosedAsync(s, TimeSpan.FromSeconds(2))))).Count(closed => closed);
        var idleCut = await Task.WhenAll(flood.Select(s => HostileClientTests.ClosedAsync(s, Generous)));

        Assert.NotNull(port);
        Assert.Equal(port, again);
        Assert.True(refused >= Flood - Limit, $"only {refused} of {Flood} connections beyond the limit of {Limit} were refused");
        Assert.All(idleCut, Assert.True);
        Assert.Equal(port, await AnswerOnANewConnectionAsync(node));
        Assert.False(node.HasExited);
        Assert.True(await LoggedAsync(node, $"connections in the last 10 s: {Limit} were open"), $"no line about the refused connections:\n{node.Output}");
        Assert.DoesNotContain("rejected because the maximum number of concurrent connections", node.Output, StringComparison.Ordinal);
        flood.ForEach(s => s.Dispose());
    }

    private static async Task<bool> LoggedAsync(NodeProcess node, string text)
    {
        for (var waited = TimeSpan.Zero; waited < Generous; waited += TimeSpan.FromMilliseconds(200))
        {
            if (node.Output.Contains(text, StringComparison.Ordinal))
            {
                return true;
            }
            await Task.Delay(200);
        }
        return false;
    }

    // A new client, once the idle connections are gone: it gets its answer.
    private static async Task<int?> AnswerOnANewConnectionAsync(NodeProcess node)
    {
        using var deadline = new CancellationTokenSource(Generous);
        while (true)
        {
            try
            {
                using var client = new HttpClient { BaseAddress = node.BaseAddress };
                return (await client.NewProxyAsync("steady", "ssh")).GrantedPort();
            }
            catch (HttpRequestException) when (!deadline.IsCancellationRequested)
            {
                await Task.Delay(200);
            }
        }
    }
}
