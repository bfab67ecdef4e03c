using System.Net.Sockets;
using System.Text;

namespace PortKeeper.Integration.Tests.Published;

/// <summary>
/// The service manager's end of sd_notify: a unix datagram socket that a service told of by
/// <c>NOTIFY_SOCKET</c> sends its state changes to (<c>READY=1</c>, <c>STOPPING=1</c>).
/// </summary>
public sealed class NotifySocket : IDisposable
{
    private readonly Socket socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);

    public NotifySocket(string path)
    {
        Path = path;
        socket.Bind(new UnixDomainSocketEndPoint(path));
    }

    /// <summary>The socket's path, the value of <c>NOTIFY_SOCKET</c>.</summary>
    public string Path { get; }

    /// <summary>The next message, waiting at most <paramref name="limit"/> (a guard against a hang, not a measure).</summary>
    public async Task<string> ReceiveAsync(TimeSpan limit)
    {
        using var cancel = new CancellationTokenSource(limit);
        var buffer = new byte[4096];
        var length = await socket.ReceiveAsync(buffer, SocketFlags.None, cancel.Token);
        return Encoding.UTF8.GetString(buffer, 0, length);
    }

    public void Dispose()
    {
        socket.Dispose();
        File.Delete(Path);
    }
}
