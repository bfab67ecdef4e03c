using System.Runtime.CompilerServices;
using PortKeeper.Contracts;
using PortKeeper.Grains;
using PortKeeper.Silo.Expiry;

namespace PortKeeper.Silo.Claims;

/// <summary>What the stored user and group grains of a pool hold, read by queries over the provider's state table.</summary>
public sealed class StoredHolders(StateCatalog states) : IHolderCatalog
{
    public async IAsyncEnumerable<(LeaseKey Holder, int Port)> ReadHeldAsync(string pool, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var (key, user) in states.ReadAsync<UserRecord>(StorageNames.UserState, cancellationToken))
        {
            if (GrainKeys.ParseUser(key) is var (inPool, name) && inPool == pool)
            {
                foreach (var proxy in user.Proxies.Where(p => p.Lease is { Port: > 0 }))
                {
                    yield return (LeaseKey.ForProxy(proxy.Protocol, name, proxy.Name), proxy.Lease.Port);
                }
            }
        }
        await foreach (var (key, group) in states.ReadAsync<LeaseRecord>(StorageNames.GroupState, cancellationToken))
        {
            if (GrainKeys.ParseGroup(key) is var (inPool, protocol, name) && inPool == pool && group.Port > 0)
            {
                yield return (LeaseKey.ForGroup(protocol, name), group.Port);
            }
        }
    }

    public async IAsyncEnumerable<(string User, UserLimit Limit)> ReadLimitsAsync(string pool, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var (key, user) in states.ReadAsync<UserRecord>(StorageNames.UserState, cancellationToken))
        {
            if (GrainKeys.ParseUser(key) is var (inPool, name) && inPool == pool && user.Limit is { } limit)
            {
                yield return (name, limit);
            }
        }
    }
}
