namespace PortKeeper.Domain;

/// <summary>
/// frpc sessions heard through frps's Ping op (frpc's heartbeats), as pure functions. Pings are kept in
/// memory only. A session counts as gone only when this activation of the user has heard it ping and
/// has then not heard from it (Ping or NewProxy) for the timeout: a session never heard by Ping here
/// (frps without Ping registered, frpc without heartbeats, or a node that restarted and has not heard
/// the next ping yet) is never judged, so a restart never turns connected proxies offline.
/// </summary>
public static class Sessions
{
    /// <summary>The run ids heard by Ping and silent for <paramref name="timeout"/> or longer.</summary>
    public static IReadOnlyList<string> Silent(IReadOnlyDictionary<string, DateTimeOffset> heard, DateTimeOffset now, TimeSpan timeout) =>
        [.. heard.Where(h => now - h.Value >= timeout).Select(h => h.Key).Order(StringComparer.Ordinal)];

    /// <summary>
    /// The user's connected proxies whose session is gone, each with its lease as stored offline: offline
    /// since its session was last heard (Ping, or the proxy's own NewProxy) plus the timeout, the moment
    /// the session counted as gone. Expiry then counts from there.
    /// </summary>
    public static IReadOnlyList<(ProxyId Proxy, LeaseState Offline)> Lost(
        UserState user, IReadOnlyDictionary<string, DateTimeOffset> heard, DateTimeOffset now, TimeSpan timeout) =>
        [.. user.Proxies
            .Where(p => p.Value.Online && heard.TryGetValue(p.Value.RunId, out _))
            .Select(p => (p.Key, Lease: p.Value, Last: Max(heard[p.Value.RunId], p.Value.LastSeen)))
            .Where(p => now - p.Last >= timeout)
            .OrderBy(p => p.Key.ToString(), StringComparer.Ordinal)
            .Select(p => (p.Key, p.Lease with { Online = false, LastSeen = p.Last + timeout }))];

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
