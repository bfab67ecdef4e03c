using System.Net;
using System.Net.Sockets;
using System.Text;
using PortKeeper.Integration.Tests.Processes;

namespace PortKeeper.Integration.Tests.Hostile;

/// <summary>A real node with its default limits, shared by the slow-client tests.</summary>
public sealed class DefaultLimitsNode : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("portkeeper-slow-").FullName;

    public NodeProcess Node { get; private set; } = null!;

    public async Task InitializeAsync() => Node = await NodeProcess.StartAsync("--allow-ports", HostileCases.AllowPorts, "--data-dir", _data);

    public async Task DisposeAsync()
    {
        await Node.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }
}

/// <summary>
/// Slow and broken clients against a real node with its default Kestrel limits, over raw sockets:
/// each is cut off or refused, and the node answers afterwards. Outcomes are asserted, never times;
/// every deadline is generous.
/// </summary>
public sealed class HostileClientTests(DefaultLimitsNode fixture) : IClassFixture<DefaultLimitsNode>
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    private NodeProcess Node => fixture.Node;

    [Fact]
    public async Task client_that_sends_its_headers_a_byte_at_a_time_is_cut_off()
    {
        using var socket = await ConnectAsync();
        var request = Encoding.ASCII.GetBytes(
            $"POST /port-registrations?version=0.1.0&op=NewProxy HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Frp-Reqid: {new string('r', 400)}\r\nContent-Length: 2\r\n\r\n{{}}");
        using var deadline = new CancellationTokenSource(Generous);

        // At a byte every 250 ms the headers would take two minutes; the node closes the connection long before.
        var sent = 0;
        for (; sent < request.Length && !deadline.IsCancellationRequested; sent++)
        {
            if (!await TrySendAsync(socket, request.AsMemory(sent, 1)) || await ClosedAsync(socket, TimeSpan.FromMilliseconds(250)))
            {
                break;
            }
        }

        Assert.True(sent < request.Length, "the node read every slow byte of the headers");
        Assert.True(await ClosedAsync(socket, Generous), "the node kept the slow connection open");
        await AssertStillAnswersAsync();
    }

    [Fact]
    public async Task client_that_starts_a_body_and_stalls_is_cut_off()
    {
        using var socket = await ConnectAsync();
        await socket.SendAsync(Encoding.ASCII.GetBytes(
            "POST /port-registrations?version=0.1.0&op=NewProxy HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"op\":\"NewP"));
        using var deadline = new CancellationTokenSource(Generous);

        var answer = RawResponse.Parse(await HostileWire.ReadToEndAsync(socket, deadline.Token));

        Assert.False(deadline.IsCancellationRequested, "the node kept the stalled connection open");
        Assert.True(answer.Status is null or (>= 400 and < 500), $"the stalled request got {answer.Status}");
        await AssertStillAnswersAsync();
    }

    [Theory]
    [InlineData("Transfer-Encoding: chunked\r\n", "zz\r\n{}\r\n0\r\n\r\n", false)]
    [InlineData("Transfer-Encoding: chunked\r\n", "2\r\n{}\r\n", true)]
    [InlineData("Content-Length: 500\r\n", "{\"op\":\"NewProxy\"", true)]
    public async Task body_that_breaks_off_gets_a_4xx_or_a_closed_connection_and_no_error_in_the_log(string framing, string body, bool halfClose)
    {
        using var socket = await ConnectAsync();
        await socket.SendAsync(Encoding.ASCII.GetBytes(
            $"POST /port-registrations?version=0.1.0&op=NewProxy HTTP/1.1\r\nHost: 127.0.0.1\r\n{framing}Connection: close\r\n\r\n{body}"));
        if (halfClose)
        {
            socket.Shutdown(SocketShutdown.Send);
        }
        using var deadline = new CancellationTokenSource(Generous);

        var answer = RawResponse.Parse(await HostileWire.ReadToEndAsync(socket, deadline.Token));

        Assert.True(answer.Status is null or (>= 400 and < 500), $"the broken request got {answer.Status}: {Encoding.UTF8.GetString(answer.Body)}");
        await AssertStillAnswersAsync();
        NodeLog.AssertNoStackTrace(Node.Output);
    }

    // Kestrel used to close the connection after the 400 without saying so, and the next request on it failed.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task oversized_body_closes_its_connection_saying_so_and_the_next_request_gets_its_answer(bool chunked)
    {
        using var frps = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { BaseAddress = Node.BaseAddress };
        var body = Encoding.UTF8.GetBytes($$$"""{"op":"NewProxy","content":{"proxy_name":"big.a","proxy_type":"tcp","pad":"{{{new string('x', 100_000)}}}"}}""");
        using var content = chunked ? new StreamContent(new MemoryStream(body)) : (HttpContent)new ByteArrayContent(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/port-registrations?op=NewProxy", UriKind.Relative)) { Content = content };
        request.Headers.TransferEncodingChunked = chunked;

        using var refused = await frps.SendAsync(request);
        var next = await frps.NewProxyAsync("steady", "ssh");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True(refused.Headers.ConnectionClose);
        Assert.NotNull(next.GrantedPort());
    }

    private async Task<Socket> ConnectAsync()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, Node.BaseAddress.Port));
        return socket;
    }

    private async Task AssertStillAnswersAsync()
    {
        Assert.False(Node.HasExited);
        Assert.NotNull((await Node.Http.NewProxyAsync("steady", "ssh")).GrantedPort());
    }

    private static async Task<bool> TrySendAsync(Socket socket, ReadOnlyMemory<byte> bytes)
    {
        try
        {
            await socket.SendAsync(bytes);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Whether the peer closed (or reset) the connection within <paramref name="wait"/>; bytes it sent are read and dropped.</summary>
    public static async Task<bool> ClosedAsync(Socket socket, TimeSpan wait)
    {
        ArgumentNullException.ThrowIfNull(socket);
        using var timeout = new CancellationTokenSource(wait);
        var buffer = new byte[4096];
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) > 0)
            {
            }
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }
}
