namespace PortKeeper.Domain;

/// <summary>What a lease must do for a request.</summary>
public abstract record LeaseDecision
{
    private LeaseDecision() { }

    /// <summary>Answer with the port <c>Lease</c> holds: no pool call, no write.</summary>
    public sealed record Known(LeaseState Lease) : LeaseDecision
    {
        /// <summary>The port to answer with.</summary>
        public int Port => Lease.Port;
    }

    /// <summary>A group member asked for another port than the one its group holds in the range: refused, naming <c>Port</c>.</summary>
    public sealed record Pinned(int Port) : LeaseDecision;

    /// <summary>
    /// Ask the pool for a port (<c>Requested</c> when the client named one); <c>Replacing</c>
    /// is the port the lease holds now, if any.
    /// </summary>
    public sealed record NeedsPort(int? Requested, int? Replacing) : LeaseDecision;
}
