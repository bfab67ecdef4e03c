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
