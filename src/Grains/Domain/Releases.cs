namespace PortKeeper.Domain;

/// <summary>What an operator's release of a lease does: a closed set, carrying the lease it decided on.</summary>
public abstract record ReleaseDecision
{
    private ReleaseDecision() { }

    /// <summary>No lease: nothing to release.</summary>
    public sealed record NotHeld : ReleaseDecision;

    /// <summary>The proxy is connected: frps still listens on the port, so it is not handed out.</summary>
    public sealed record Connected(LeaseState Lease) : ReleaseDecision;

    /// <summary>Release the port of <c>Lease</c>.</summary>
    public sealed record Release(LeaseState Lease) : ReleaseDecision;
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
        null => new ReleaseDecision.NotHeld(),
        { Online: true } when !force => new ReleaseDecision.Connected(lease),
        _ => new ReleaseDecision.Release(lease),
    };
}
