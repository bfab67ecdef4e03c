namespace PortKeeper.Domain;

/// <summary>A lease's decisions, as pure functions.</summary>
public static class Leases
{
    /// <summary>
    /// A key with a port inside the range keeps it unless the client asks for another; a key
    /// without one, or whose port the range no longer holds, needs the pool.
    /// </summary>
    public static LeaseDecision Decide(LeaseState? lease, int? requested, PortRange range) => lease switch
    {
        null => new LeaseDecision.NeedsPort(requested, null),
        _ when AnswersWith(lease.Port, requested, range) => new LeaseDecision.Known(lease),
        _ => new LeaseDecision.NeedsPort(requested, lease.Port),
    };

    /// <summary>
    /// Whether a request for <paramref name="requested"/> (null: any port) is answered with the
    /// <paramref name="held"/> port, as a known proxy or group is: when it names no other port and
    /// the range still holds the port. What a holder's stored port answers when its grain cannot.
    /// </summary>
    public static bool AnswersWith(int held, int? requested, PortRange range) =>
        (requested is not int want || want == held) && range.Contains(held);

    /// <summary>The lease after the pool granted <paramref name="port"/> to frpc session <paramref name="runId"/>.</summary>
    public static LeaseState Grant(int port, string proxyName, DateTimeOffset now, string runId = "") =>
        new(port, now, now, Online: true, proxyName, runId);

    /// <summary>
    /// Whether a NewProxy of session <paramref name="runId"/> answered from the lease must store it: when
    /// the proxy comes back after a close, so that stored leases never show a connected proxy as offline
    /// (which expiry reads), or registers from another frpc session than the stored one (its close was
    /// lost or is late), so that the late close is told apart after a reload. A proxy already connected
    /// in that session is answered from memory.
    /// </summary>
    public static bool SeenMustBeStored(LeaseState lease, string runId = "") =>
        !lease.Online || (runId.Length > 0 && lease.RunId != runId);

    /// <summary>
    /// The lease an import takes over: the legacy port, granted at <paramref name="grantedAt"/> (the
    /// legacy keeper's own time where it kept one), offline since <paramref name="now"/> until the proxy connects.
    /// </summary>
    public static LeaseState Imported(int port, string proxyName, DateTimeOffset grantedAt, DateTimeOffset now) =>
        new(port, grantedAt, now, Online: false, proxyName);

    /// <summary>
    /// Whether a configured expiry releases the lease: its proxy closed and has not been seen for
    /// <paramref name="expiry"/>. A proxy that is online never expires.
    /// </summary>
    public static bool IsExpired(LeaseState lease, DateTimeOffset now, TimeSpan expiry) =>
        !lease.Online && now - lease.LastSeen >= expiry;

    /// <summary>
    /// The lease after a NewProxy of session <paramref name="runId"/> answered from its state; the
    /// same lease when its proxy is connected in that session under that name and was seen less
    /// than <see cref="SeenPrecision"/> ago.
    /// </summary>
    public static LeaseState Seen(LeaseState lease, string proxyName, DateTimeOffset now, string runId = "") =>
        lease.Online && lease.LastProxyName == proxyName && lease.RunId == runId && now - lease.LastSeen < SeenPrecision && now >= lease.LastSeen
            ? lease
            : lease with { LastSeen = now, Online = true, LastProxyName = proxyName, RunId = runId };

    /// <summary>
    /// How stale a connected proxy's <see cref="LeaseState.LastSeen"/> may be: a NewProxy of the same
    /// session within this time of the last one changes nothing. Expiry reads the time of offline
    /// proxies only (set exactly when they close), so this loses nothing; and a node answering a
    /// reconnecting proxy many times a minute does not replace the user's state each time (each
    /// replaced state outlived the young generation of the GC: that copying took 16 % of the node's
    /// time under a known-proxy load, against 5-7 % without).
    /// </summary>
    public static TimeSpan SeenPrecision { get; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The lease after the proxy of session <paramref name="runId"/> closed; the same lease when
    /// another session has registered the proxy since (a late CloseProxy).
    /// </summary>
    public static LeaseState Closed(LeaseState lease, DateTimeOffset now, string runId = "") =>
        runId.Length > 0 && lease.RunId.Length > 0 && runId != lease.RunId
            ? lease
            : lease with { LastSeen = now, Online = false };
}
