using PortKeeper.Contracts;

namespace PortKeeper.Grains;

/// <summary>
/// A holder's port as its grain last stored it, read beside the grains: how a known proxy keeps its
/// answer while its grain cannot give one (its node lost). A grain stores a port before it answers
/// with it, and a release goes through the same storage, so the port read is the one the grain holds.
/// </summary>
public interface IStoredPorts
{
    /// <summary>
    /// The port <paramref name="holder"/> (a user's proxy or a group) holds in <paramref name="pool"/>
    /// as stored; null when it holds none. Throws when storage cannot be read.
    /// </summary>
    Task<int?> HeldAsync(string pool, LeaseKey holder, CancellationToken cancellationToken);
}
