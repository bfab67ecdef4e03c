using PortKeeper.Contracts;

namespace PortKeeper.Domain;

/// <summary>A disagreement between a pool's claims and what its users and groups hold: a closed set.</summary>
public abstract record Finding
{
    private Finding() { }

    /// <summary>The pool counts <c>Port</c> as confirmed for <c>Holder</c>, which does not hold it: a leak.</summary>
    public sealed record Unheld(PoolPort Port, LeaseKey Holder) : Finding;

    /// <summary><c>Holder</c> holds <c>Port</c>, which the pool counts as free.</summary>
    public sealed record Unclaimed(PoolPort Port, LeaseKey Holder) : Finding;

    /// <summary><c>Other</c> holds <c>Port</c> too, which the pool gives to <c>Claimant</c>.</summary>
    public sealed record HeldTwice(PoolPort Port, LeaseKey Claimant, LeaseKey Other) : Finding;
}
