using PortKeeper.Contracts;
using PortKeeper.Domain;

namespace PortKeeper.Silo.Expiry;

/// <summary>Every lease as storage holds it, for the expiry sweep.</summary>
public interface ILeaseCatalog
{
    /// <summary>The stored leases; unreadable entries are skipped. Throws when storage cannot be read.</summary>
    IAsyncEnumerable<(LeaseKey Key, LeaseState Lease)> ReadAllAsync(CancellationToken cancellationToken);
}
