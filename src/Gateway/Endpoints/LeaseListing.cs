using System.Collections.Immutable;
using PortKeeper.Contracts;

namespace PortKeeper.Gateway.Endpoints;

/// <summary>
/// A pool's leases as its holders' grains have them now, read through the pool's listing of taken
/// ports (in port order, tcp then udp) page after page: what <c>GET /leases</c> and <c>GET /export</c> read.
/// </summary>
public static class LeaseListing
{
    // Pool pages read per call at most, when an online filter leaves pages short.
    private const int MaxPoolPages = 20;

    /// <summary>
    /// Up to <c>query.Holders.Limit</c> leases of <paramref name="pool"/> that <paramref name="query"/> asks for,
    /// and the cursor of the next page (null on the last page).
    /// </summary>
    public static async Task<(ImmutableArray<ListedLease> Items, PortCursor? Next)> PageAsync(IGrainFactory grains, string pool, LeaseQuery query)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(query);
        var items = ImmutableArray.CreateBuilder<ListedLease>();
        var holders = query.Holders;
        for (var page = 0; page < MaxPoolPages; page++)
        {
            var found = await grains.Pool(pool).ListHoldersAsync(holders with { Limit = holders.Limit - items.Count });
            var leases = await Task.WhenAll(found.Items.Select(h => ReadAsync(grains, pool, h)));
            items.AddRange(leases.OfType<ListedLease>().Where(l => query.Online is not { } online || l.Lease.Online == online));
            if (found.Next is not { } next || items.Count == holders.Limit)
            {
                return (items.ToImmutable(), found.Next);
            }
            holders = holders with { After = next };
        }
        return (items.ToImmutable(), holders.After);
    }

    /// <summary>Every lease of <paramref name="pool"/>, in port order.</summary>
    public static async Task<ImmutableArray<ListedLease>> AllAsync(IGrainFactory grains, string pool)
    {
        var all = ImmutableArray.CreateBuilder<ListedLease>();
        var query = new LeaseQuery(new HolderQuery(Limit: HolderQuery.MaxLimit), null);
        while (true)
        {
            var (items, next) = await PageAsync(grains, pool, query);
            all.AddRange(items);
            if (next is null)
            {
                return all.ToImmutable();
            }
            query = query with { Holders = query.Holders with { After = next } };
        }
    }

    // The lease of a listed holder, as its grain has it now; null when it no longer holds the port (or not yet).
    private static async Task<ListedLease?> ReadAsync(IGrainFactory grains, string pool, PortHolder holder)
    {
        var key = holder.Holder;
        var lease = await grains.LeaseAsync(pool, key);
        return lease?.Port == holder.Port ? new ListedLease(key, lease) : null;
    }
}
