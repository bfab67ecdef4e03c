namespace PortKeeper.Grains;

/// <summary>How long an frpc session that pinged may stay silent before its proxies count as offline.</summary>
public sealed class SessionOptions
{
    /// <summary>
    /// The session timeout (<c>--session-timeout</c>); zero turns it off. The default, 5 minutes, is
    /// well above the heartbeat interval of an frpc with heartbeats on (30 s) and frps's own heartbeat timeout (90 s), after which
    /// a live frps closes the session itself with CloseProxy.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(5);
}
