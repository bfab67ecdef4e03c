namespace PortKeeper.Domain;

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
        null => new ReleaseDecision.NotHeld(),
        { Online: true } when !force => new ReleaseDecision.Connected(lease),
        _ => new ReleaseDecision.Release(lease),
    };
}
