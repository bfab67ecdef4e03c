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

    // Kestrel used to close the connection after the 400 without saying so, and the next request on it
    // failed; then the node closed it with the body's rest unread, and the reset could take the 400 with it.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task oversized_body_gets_its_400_whole_and_its_connection_carries_the_next_request(bool chunked)
    {
        using var frps = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { BaseAddress = Node.BaseAddress };
        var body = Encoding.UTF8.GetBytes($$$"""{"op":"NewProxy","content":{"proxy_name":"big.a","proxy_type":"tcp","pad":"{{{new string('x', 100_000)}}}"}}""");
        using var content = chunked ? new StreamContent(new MemoryStream(body)) : (HttpContent)new ByteArrayContent(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/port-registrations?op=NewProxy", UriKind.Relative)) { Content = content };
        request.Headers.TransferEncodingChunked = chunked;

        using var refused = await frps.SendAsync(request);
        var next = await frps.NewProxyAsync("steady", "ssh");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("over the limit", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotEqual(true, refused.Headers.ConnectionClose);
        Assert.NotNull(next.GrantedPort());
    }

    // The client still sends its body when the 400 comes, as an HTTP client does: the rest of the body
    // and the next request go through on the same connection (a node that closed it made the kernel
    // reset the connection, and the client's next write failed with the 400 unread).
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task oversized_body_still_being_sent_after_its_400_leaves_the_connection_open_for_the_next_request(bool chunked)
    {
        using var socket = await ConnectAsync();
        var json = Encoding.UTF8.GetBytes($$$"""{"op":"NewProxy","content":{"proxy_name":"big.b","proxy_type":"tcp","pad":"{{{new string('x', 100_000)}}}"}}""");
        var framing = chunked ? "Transfer-Encoding: chunked" : $"Content-Length: {json.Length}";
        byte[] body = chunked ? [.. Encoding.ASCII.GetBytes($"{json.Length:x}\r\n"), .. json, .. "\r\n0\r\n\r\n"u8] : json;
        var head = Encoding.ASCII.GetBytes($"POST /port-registrations?version=0.1.0&op=NewProxy HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n{framing}\r\n\r\n");
        var next = FrpsRequests.NewProxy("steady", "ssh").ToJsonString();
        using var deadline = new CancellationTokenSource(Generous);

        await socket.SendAsync(new ReadOnlyMemory<byte>([.. head, .. body.AsSpan(0, 70_000)]));
        var refused = RawResponse.Parse(await ReadOneAsync(socket, deadline.Token));
        await socket.SendAsync(body.AsMemory(70_000));
        await socket.SendAsync(Encoding.UTF8.GetBytes(
            $"POST /port-registrations?version=0.1.0&op=NewProxy HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(next)}\r\n\r\n{next}"));
        var answered = RawResponse.Parse(await ReadOneAsync(socket, deadline.Token));

        Assert.Equal(400, refused.Status);
        Assert.Equal(200, answered.Status);
        Assert.Contains("\"remote_port\":", Encoding.UTF8.GetString(answered.Body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task body_declared_more_than_a_mebibyte_over_the_limit_is_refused_and_its_connection_closed_saying_so()
    {
        using var socket = await ConnectAsync();
        await socket.SendAsync(Encoding.ASCII.GetBytes(
            "POST /port-registrations?version=0.1.0&op=NewProxy HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 3000000\r\n\r\n"));
        using var deadline = new CancellationTokenSource(Generous);

        var received = await HostileWire.ReadToEndAsync(socket, deadline.Token);
        var answer = RawResponse.Parse(received);

        Assert.False(deadline.IsCancellationRequested, "the node kept the connection open");
        Assert.Equal(400, answer.Status);
        Assert.Contains("\r\nConnection: close\r\n", Encoding.Latin1.GetString(received), StringComparison.OrdinalIgnoreCase);
        await AssertStillAnswersAsync();
    }

    // One response: its headers, then its body by length or to its last chunk.
    private static async Task<byte[]> ReadOneAsync(Socket socket, CancellationToken cancel)
    {
        var received = new List<byte>();
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancel);
            if (read == 0)
            {
                return [.. received];
            }
            received.AddRange(buffer.AsSpan(0, read));
            var text = Encoding.Latin1.GetString([.. received]);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end < 0)
            {
                continue;
            }
            var length = System.Text.RegularExpressions.Regex.Match(text[..end], @"(?im)^content-length:\s*(\d+)");
            if (length.Success ? text.Length - end - 4 >= int.Parse(length.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : text.EndsWith("\r\n0\r\n\r\n", StringComparison.Ordinal))
            {
                return [.. received];
            }
        }
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
