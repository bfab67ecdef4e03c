using PortKeeper.Gateway.Plugin;

namespace PortKeeper.Gateway.Status;

/// <summary>
/// One proxy frps was told to refuse: when, in which pool, whose proxy (as the request named it;
/// empty when it named none), the port it asked for (null: any), and the reason the frpc user got.
/// </summary>
public sealed record RefusalRecord(
    DateTimeOffset At, string Pool, string User, string Proxy, string Protocol, int? Port, string Reason)
{
    // Names and reasons come from frps's requests: a bounded buffer holds bounded text.
    private const int MaxText = 512;

    /// <summary>The record of <paramref name="answer"/> when it refuses, else null.</summary>
    public static RefusalRecord? Of(DateTimeOffset at, string pool, PluginRequest? request, PluginResponse answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (!answer.Reject)
        {
            return null;
        }
        var (user, proxy, protocol, port) = request is PluginRequest.NewProxy p
            ? (p.User, p.ProxyName, p.ProxyType, p.RemotePort)
            : ("", "", "", null);
        return new(at, pool, Cut(user), Cut(proxy), Cut(protocol), port, Cut(answer.RejectReason ?? ""));
    }

    private static string Cut(string text) => text.Length <= MaxText ? text : string.Concat(text.AsSpan(0, MaxText), "…");
}
