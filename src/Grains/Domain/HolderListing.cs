using System.Collections.Immutable;
using PortKeeper.Contracts;

namespace PortKeeper.Domain;

/// <summary>Pages of a pool's holders, in port order, as a pure function of the pool and the query.</summary>
public static class HolderListing
{
    /// <summary>
    /// The holders <paramref name="query"/> asks for: taken ports with a known holder that match it,
    /// after its cursor, at most its limit (clamped to 1..<see cref="HolderQuery.MaxLimit"/>), and the
    /// cursor of the next page when more ports may match.
    /// </summary>
    public static HolderPage Page(PoolState pool, HolderQuery query)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(query);
        var limit = Math.Clamp(query.Limit, 1, HolderQuery.MaxLimit);
        var items = ImmutableArray.CreateBuilder<PortHolder>();
        foreach (var protocol in Protocols.All)
        {
            if ((query.Protocol is { } only && only != protocol) || (query.After is { } after && after.Protocol > protocol))
            {
                continue;
            }
            var first = Math.Max(query.From ?? 0, query.After is { } cursor && cursor.Protocol == protocol ? cursor.Port + 1 : 0);
            foreach (var port in pool.Taken(protocol).Ports())
            {
                if (port < first || port > (query.To ?? 65535) || pool.HolderOf(protocol, port) is not { } holder || !Matches(holder, query))
                {
                    continue;
                }
                if (items.Count == limit)
                {
                    return new HolderPage(items.ToImmutable(), new PortCursor(items[^1].Protocol, items[^1].Port));
                }
                items.Add(new PortHolder(protocol, port, holder, pool.Pending.GetValueOrDefault(holder)?.Port == port));
            }
        }
        return new HolderPage(items.ToImmutable(), null);
    }

    private static bool Matches(LeaseKey holder, HolderQuery query) =>
        (query.User is not { } user || (!holder.IsGroup && holder.User == user))
        && (query.Search is not { Length: > 0 } text
            || holder.Name.Contains(text, StringComparison.OrdinalIgnoreCase)
            || holder.User.Contains(text, StringComparison.OrdinalIgnoreCase));
}
