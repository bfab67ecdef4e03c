using System.Collections.Immutable;
using PortKeeper.Contracts;

namespace PortKeeper.Domain;

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

    /// <summary>
    /// Whose grain a finding must ask before anything changes (storage was read at two moments, and
    /// the holder's live view is newest), and about which port: the claim's holder for a leak or an
    /// unclaimed port, the second holder for a port held twice.
    /// </summary>
    public static (LeaseKey Holder, PoolPort Port) Asked(Finding finding) => finding switch
    {
        Finding.Unheld(var port, var holder) => (holder, port),
        Finding.Unclaimed(var port, var holder) => (holder, port),
        Finding.HeldTwice(var port, _, var other) => (other, port),
        _ => throw new InvalidOperationException($"unknown finding {finding}"),
    };

    /// <summary>
    /// How <paramref name="finding"/> is settled, given whether the grain <see cref="Asked"/> names
    /// holds the port (null: it could not tell): null when the finding no longer stands or cannot be
    /// judged now, so that nothing changes and the next repair looks again.
    /// </summary>
    public static Settlement? Settle(Finding finding, bool? holds) => (finding, holds) switch
    {
        (Finding.Unheld(var port, var holder), false) => new Settlement.Free(port, holder),
        (Finding.Unclaimed(var port, var holder), true) => new Settlement.Claim(port, holder),
        (Finding.HeldTwice(var port, var claimant, var other), true) => new Settlement.Forget(port, claimant, other),
        _ => null,
    };
}
