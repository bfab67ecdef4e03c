using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PortKeeper.Integration.Tests.Hostile;

/// <summary>An answer as it came: its status (null when the connection closed without one), content type, body and time taken.</summary>
public sealed record Reply(int? Status, string? ContentType, byte[] Body, TimeSpan Elapsed)
{
    public string Text => Encoding.UTF8.GetString(Body);
}

/// <summary>Sends a <see cref="HostileCase"/> to a node and reads its answer, within a deadline.</summary>
public static class HostileWire
{
    /// <summary>An HttpClient for fuzzing: at most <paramref name="connections"/> connections, header values sent as Latin-1 bytes.</summary>
    public static HttpClient Client(Uri baseAddress, int connections) =>
        new(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            RequestHeaderEncodingSelector = (_, _) => Encoding.Latin1,
            AllowAutoRedirect = false,
        })
        {
            BaseAddress = baseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
        };

    /// <summary>Sends <paramref name="c"/>; null when no answer came within <paramref name="deadline"/>.</summary>
    public static async Task<Reply?> SendAsync(HttpClient http, HostileCase c, TimeSpan deadline)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(c);
        using var timeout = new CancellationTokenSource(deadline);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var (status, type, body) = c.Transport == Transport.Raw
                ? await SendRawAsync(http.BaseAddress!, c, timeout.Token)
                : await SendHttpAsync(http, c, timeout.Token);
            return new Reply(status, type, body, Stopwatch.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or SocketException)
        {
            return new Reply(null, null, Encoding.UTF8.GetBytes(e.Message), Stopwatch.GetElapsedTime(started));
        }
    }

    private static async Task<(int?, string?, byte[])> SendHttpAsync(HttpClient http, HostileCase c, CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(new HttpMethod(c.Method), new Uri(c.Target, UriKind.Relative));
        if (c.Body.Length > 0 || c.Method == "POST")
        {
            request.Content = c.Chunked ? new UnsizedContent(c.Body) : new ByteArrayContent(c.Body);
        }
        foreach (var (name, value) in c.Headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, value);
            }
            else if (name.Equals("Expect", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.ExpectContinue = true;
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }
        using var response = await http.SendAsync(request, cancel);
        var body = await response.Content.ReadAsByteArrayAsync(cancel);
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), body);
    }

    private static async Task<(int?, string?, byte[])> SendRawAsync(Uri baseAddress, HostileCase c, CancellationToken cancel)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, baseAddress.Port), cancel);
        try
        {
            await socket.SendAsync(c.Body, SocketFlags.None, cancel);
            if (c.HalfClose)
            {
                socket.Shutdown(SocketShutdown.Send);
            }
        }
        catch (SocketException)
        {
            // The server may close before it read everything (a header block over its limit): read what it answered.
        }
        var received = await ReadToEndAsync(socket, cancel);
        return RawResponse.Parse(received);
    }

    /// <summary>Reads until the peer closes (or resets) the connection.</summary>
    public static async Task<byte[]> ReadToEndAsync(Socket socket, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(socket);
        using var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, cancel) is var read and > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (SocketException)
        {
            // A reset after the answer: what came before it counts.
        }
        return received.ToArray();
    }

    // Content of no known length, so that HttpClient sends it chunked.
    private sealed class UnsizedContent(byte[] body) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(body).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}

/// <summary>Reads an HTTP/1.1 response from the bytes of a connection.</summary>
public static class RawResponse
{
    /// <summary>Status, content type and (de-chunked) body; status null when no response came.</summary>
    public static (int? Status, string? ContentType, byte[] Body) Parse(byte[] received)
    {
        ArgumentNullException.ThrowIfNull(received);
        var text = Encoding.Latin1.GetString(received);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (!text.StartsWith("HTTP/1.", StringComparison.Ordinal) || end < 0)
        {
            return (null, null, received);
        }
        var lines = text[..end].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var body = received[(end + 4)..];
        if (headers.TryGetValue("Transfer-Encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = Dechunk(body);
        }
        else if (headers.TryGetValue("Content-Length", out var length))
        {
            body = body[..Math.Min(body.Length, int.Parse(length, System.Globalization.CultureInfo.InvariantCulture))];
        }
        return (status, headers.GetValueOrDefault("Content-Type"), body);
    }

    private static byte[] Dechunk(byte[] chunked)
    {
        using var body = new MemoryStream();
        var at = 0;
        while (at < chunked.Length)
        {
            var line = Array.IndexOf(chunked, (byte)'\n', at);
            if (line < 0)
            {
                break;
            }
            var size = Convert.ToInt32(Encoding.ASCII.GetString(chunked, at, line - at).Trim(), 16);
            if (size == 0)
            {
                break;
            }
            body.Write(chunked, line + 1, Math.Min(size, chunked.Length - line - 1));
            at = line + 1 + size + 2;
        }
        return body.ToArray();
    }
}
