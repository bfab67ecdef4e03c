using PortKeeper.Contracts;

namespace PortKeeper.Silo.Import;

/// <summary>
/// A lease of an export: the port of a proxy (<paramref name="User"/> and <paramref name="Proxy"/>, the
/// proxy name as frpc sends it) or of a load-balancing group (<paramref name="Group"/>; user and proxy null).
/// </summary>
public sealed record ExportLease(
    string Protocol, int Port, string? User, string? Proxy, string? Group, DateTimeOffset GrantedAt, DateTimeOffset LastSeen, bool Online)
{
    /// <summary>The export of <paramref name="lease"/>, which <paramref name="holder"/> holds.</summary>
    public static ExportLease Of(LeaseKey holder, LeaseInfo lease)
    {
        ArgumentNullException.ThrowIfNull(holder);
        ArgumentNullException.ThrowIfNull(lease);
        return holder.IsGroup
            ? new(holder.Protocol.Name(), lease.Port, null, null, holder.Name, lease.GrantedAt, lease.LastSeen, lease.Online)
            : new(holder.Protocol.Name(), lease.Port, holder.User, holder.Name, null, lease.GrantedAt, lease.LastSeen, lease.Online);
    }

    /// <summary>Who holds the lease, or null when the lease names no protocol, or not exactly one of a proxy (with its user) and a group.</summary>
    public LeaseKey? Key() => (Protocols.Parse(Protocol), User, Proxy, Group) switch
    {
        ({ } p, { } user, { Length: > 0 } proxy, null) => LeaseKey.ForProxy(p, user, proxy),
        ({ } p, null, null, { Length: > 0 } group) => LeaseKey.ForGroup(p, group),
        _ => null,
    };
}
