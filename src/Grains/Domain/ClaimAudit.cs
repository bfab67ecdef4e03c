using System.Collections.Immutable;
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

/// <summary>
/// Repair both ways, as Kubernetes' port allocator repairs its bitmap: compare a pool's claims
/// with what its users and groups hold, and say what disagrees. Pending claims are left to the
/// pool's own settling of grants, which asks their holder.
/// </summary>
public static class ClaimAudit
{
    /// <summary>
    /// The findings of comparing <paramref name="claims"/> with <paramref name="held"/> (every port
    /// a user or group holds, as storage has them): confirmed claims whose holder holds no such
    /// port, held ports with no claim, and held ports claimed by another holder.
    /// </summary>
    public static ImmutableArray<Finding> Compare(IEnumerable<Claim> claims, IEnumerable<(LeaseKey Holder, int Port)> held)
    {
        // Reservations and blocked ports are the operator's, held by no one: never findings.
        var reserved = claims.Where(c => c.Kind != ClaimKind.Holds).Select(c => c.Port).ToHashSet();
        var byPort = claims.Where(c => c.Kind == ClaimKind.Holds).ToDictionary(c => c.Port);
        var holding = held.Select(h => (Port: new PoolPort(h.Holder.Protocol, h.Port), h.Holder)).Distinct().ToList();
        var heldSet = holding.ToHashSet();
        var findings = ImmutableArray.CreateBuilder<Finding>();
        foreach (var claim in byPort.Values.Where(c => !c.Pending).OrderBy(c => c.Port.Protocol).ThenBy(c => c.Port.Port))
        {
            if (!heldSet.Contains((claim.Port, claim.Holder)))
            {
                findings.Add(new Finding.Unheld(claim.Port, claim.Holder));
            }
        }
        foreach (var (port, holder) in holding.OrderBy(h => h.Port.Protocol).ThenBy(h => h.Port.Port).ThenBy(h => h.Holder.ToString(), StringComparer.Ordinal))
        {
            var claim = byPort.GetValueOrDefault(port);
            if (reserved.Contains(port))
            {
                continue;
            }
            if (claim is null)
            {
                findings.Add(new Finding.Unclaimed(port, holder));
            }
            else if (claim.Holder != holder)
            {
                findings.Add(new Finding.HeldTwice(port, claim.Holder, holder));
            }
        }
        return findings.ToImmutable();
    }
}
