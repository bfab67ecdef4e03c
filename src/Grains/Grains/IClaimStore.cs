using System.Collections.Immutable;
using PortKeeper.Domain;

namespace PortKeeper.Grains;

/// <summary>
/// Where pools keep their claims durably: one small row per taken port, keyed by pool, protocol
/// and port, so that storage itself refuses a second holder of a port, and a write carries only
/// the ports it changes, however full the pool.
/// </summary>
public interface IClaimStore
{
    /// <summary>Every claim of <paramref name="pool"/>. Throws when storage cannot be read.</summary>
    Task<ImmutableArray<Claim>> LoadAsync(string pool, CancellationToken cancellationToken);

    /// <summary>
    /// Applies <paramref name="changes"/> to <paramref name="pool"/>'s claims, all or none. Throws
    /// <see cref="ClaimConflictException"/> when storage no longer holds what a change expects
    /// (another activation of the pool wrote first), or storage's own error when it fails.
    /// </summary>
    Task WriteAsync(string pool, ImmutableArray<ClaimChange> changes, CancellationToken cancellationToken);
}
