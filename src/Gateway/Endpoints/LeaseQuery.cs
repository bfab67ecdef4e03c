using System.Globalization;
using PortKeeper.Contracts;
using PortKeeper.Domain;

namespace PortKeeper.Gateway.Endpoints;

/// <summary>
/// What <c>GET /leases</c> asks for, read from its query string: the pool's filters
/// (<c>protocol</c>, <c>user</c>, <c>from</c>, <c>to</c>, <c>q</c>, <c>after</c>, <c>limit</c>) and <c>online</c>.
/// </summary>
public sealed record LeaseQuery(HolderQuery Holders, bool? Online)
{
    /// <summary>The query <paramref name="query"/> names, or what is wrong with it.</summary>
    public static Parsed<LeaseQuery> Parse(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        string? One(string name) => query[name] is [{ Length: > 0 } value] ? value : null;
        if (query.Keys.FirstOrDefault(k => query[k].Count > 1) is { } twice)
        {
            return new Parsed<LeaseQuery>.Error($"'{twice}' is given more than once");
        }
        Contracts.Protocol? protocol = null;
        if (One("protocol") is { } p)
        {
            if (Protocols.Parse(p) is not { } parsed)
            {
                return new Parsed<LeaseQuery>.Error($"protocol must be tcp or udp, not '{p}'");
            }
            protocol = parsed;
        }
        var (from, fromProblem) = Port(One("from"), "from");
        var (to, toProblem) = Port(One("to"), "to");
        if ((fromProblem ?? toProblem) is { } portProblem)
        {
            return new Parsed<LeaseQuery>.Error(portProblem);
        }
        if (from > to)
        {
            return new Parsed<LeaseQuery>.Error($"from ({from}) is above to ({to})");
        }
        PortCursor? after = null;
        if (One("after") is { } cursor)
        {
            if (PortCursor.Parse(cursor) is not { } parsed)
            {
                return new Parsed<LeaseQuery>.Error($"after must be a cursor such as tcp:20005 (the 'next' of the previous page), not '{cursor}'");
            }
            after = parsed;
        }
        var limit = HolderQuery.DefaultLimit;
        if (One("limit") is { } text
            && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > HolderQuery.MaxLimit))
        {
            return new Parsed<LeaseQuery>.Error($"limit must be a whole number from 1 to {HolderQuery.MaxLimit}, not '{text}'");
        }
        bool? online = null;
        if (One("online") is { } state)
        {
            if (!bool.TryParse(state, out var parsed))
            {
                return new Parsed<LeaseQuery>.Error($"online must be true or false, not '{state}'");
            }
            online = parsed;
        }
        return new Parsed<LeaseQuery>.Ok(new LeaseQuery(new HolderQuery(protocol, One("user"), from, to, One("q"), after, limit), online));
    }

    private static (int? Port, string? Problem) Port(string? text, string name) =>
        text is null ? (null, null)
            : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && PortRange.IsPort(port)
                ? (port, null)
                : (null, $"{name} must be a port from 1 to 65535, not '{text}'");
}
