namespace PortKeeper.Domain;

/// <summary>What an operator's release of a lease does: a closed set.</summary>
public enum ReleaseDecision
{
    /// <summary>No lease: nothing to release.</summary>
    NotHeld,

    /// <summary>The proxy is connected: frps still listens on the port, so it is not handed out.</summary>
    Connected,

    /// <summary>Release the port.</summary>
    Release,
}

/// <summary>An operator's release, as a pure function.</summary>
public static class Releases
{
    /// <summary>
    /// A lease whose proxy is online is released only when the operator <paramref name="force"/>s it:
    /// frps keeps listening on the port for that proxy, so another proxy given the port would fail
    /// to bind it. A lease whose proxy is offline is released.
    /// </summary>
    public static ReleaseDecision Decide(LeaseState? lease, bool force) => lease switch
    {
        null => ReleaseDecision.NotHeld,
        { Online: true } when !force => ReleaseDecision.Connected,
        _ => ReleaseDecision.Release,
    };
}
