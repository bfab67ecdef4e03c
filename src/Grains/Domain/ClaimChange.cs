using PortKeeper.Contracts;

namespace PortKeeper.Domain;

/// <summary>A change to a pool's stored claims: a closed set.</summary>
public abstract record ClaimChange
{
    private ClaimChange() { }

    /// <summary>A port taken that was free: storage must refuse it if the port has a holder.</summary>
    public sealed record Add(Claim Claim) : ClaimChange;

    /// <summary>A claim changed; storage must refuse it unless <c>Holder</c> still holds the port (as a claim of kind <c>Was</c>).</summary>
    public sealed record Change(LeaseKey Holder, Claim Claim, ClaimKind Was = ClaimKind.Holds) : ClaimChange;

    /// <summary>A port freed; storage must refuse it unless <c>Holder</c> still holds the port (as a claim of kind <c>Was</c>).</summary>
    public sealed record Remove(PoolPort Port, LeaseKey Holder, ClaimKind Was = ClaimKind.Holds) : ClaimChange;
}
