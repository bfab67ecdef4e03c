using PortKeeper.Contracts;
using PortKeeper.Grains;
using PortKeeper.Silo.Expiry;

namespace PortKeeper.Silo.Claims;

/// <summary>
/// A holder's port as its grain last stored it: the proxy's lease in its user's state, or the
/// group's lease in the group's state, read from the provider's state table by key.
/// </summary>
public sealed class StoredPorts(StateCatalog states) : IStoredPorts
{
    public async Task<int?> HeldAsync(string pool, LeaseKey holder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(holder);
        var port = holder.IsGroup
            ? (await states.ReadAsync<LeaseRecord>(StorageNames.GroupState, GrainKeys.Group(pool, holder.Protocol, holder.Name), cancellationToken))?.Port
            : (await states.ReadAsync<UserRecord>(StorageNames.UserState, GrainKeys.User(pool, holder.User), cancellationToken))?.Proxies
                .FirstOrDefault(p => p.Protocol == holder.Protocol && p.Name == holder.Name)?.Lease.Port;
        return port > 0 ? port : null;
    }
}
