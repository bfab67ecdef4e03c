using System.Collections.Immutable;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using PortKeeper.Contracts;
using PortKeeper.Domain;
using PortKeeper.Gateway.Telemetry;
using PortKeeper.Silo.Configuration;

namespace PortKeeper.Gateway.Endpoints;

/// <summary>
/// The operators' API, behind <c>--admin-token</c>: read the pools, list a user's leases, read and
/// release one lease, in the default pool or the pool of <c>?pool=NAME</c>. A lease is named by query parameters, so that every name a proxy can have is
/// addressable (percent-encoded): <c>/lease?protocol=tcp&amp;user=laptop&amp;proxy=laptop.ssh</c>,
/// <c>/lease?protocol=udp&amp;group=dns</c>; or by path, <c>/leases/tcp/proxy/laptop.ssh</c>, the
/// user then being the proxy name's prefix (as frpc names proxies) unless <c>?user=</c> says otherwise.
/// </summary>
public static class AdminEndpoints
{
    /// <summary>
    /// Maps <c>GET /pool</c>, <c>GET /pools</c>, <c>GET /leases</c>, <c>GET</c> and <c>DELETE</c> of <c>/lease</c>
    /// and <c>/leases/{protocol}/{kind}/{name}</c>; each call but <c>/pools</c> takes <c>?pool=NAME</c>
    /// (a pool of <c>--pool</c>; the default pool without it).
    /// </summary>
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/pool", GetPoolAsync).WithName("GetPool");
        endpoints.MapGet("/pools", ListPoolsAsync).WithName("ListPools");
        endpoints.MapPost("/pool/repair", RepairPoolAsync).WithName("RepairPool").AddEndpointFilter(OperatorAudit.Of("repair"));
        endpoints.MapGet("/ports/{protocol}/{port:int}", GetPortHolderAsync).WithName("GetPortHolder");
        endpoints.MapGet("/lease", (HttpRequest request, IGrainFactory grains, IOptions<PortKeeperOptions> options, PoolRegistry pools) =>
            OnLeaseAsync(request, options.Value, pools, KeyFromQuery(request), Get(grains))).WithName("GetLeaseByQuery");
        endpoints.MapDelete("/lease", (HttpRequest request, IGrainFactory grains, IOptions<PortKeeperOptions> options, PoolRegistry pools) =>
            OnLeaseAsync(request, options.Value, pools, KeyFromQuery(request), ReleaseLease(grains))).WithName("ReleaseLeaseByQuery").AddEndpointFilter(OperatorAudit.Of("release"));
        var leases = endpoints.MapGroup("/leases/{protocol}/{kind}/{**name}");
        leases.MapGet("", (string protocol, string kind, string name, HttpRequest request, IGrainFactory grains, IOptions<PortKeeperOptions> options, PoolRegistry pools) =>
            OnLeaseAsync(request, options.Value, pools, KeyFromPath(protocol, kind, name, request), Get(grains))).WithName("GetLease");
        leases.MapDelete("", (string protocol, string kind, string name, HttpRequest request, IGrainFactory grains, IOptions<PortKeeperOptions> options, PoolRegistry pools) =>
            OnLeaseAsync(request, options.Value, pools, KeyFromPath(protocol, kind, name, request), ReleaseLease(grains))).WithName("ReleaseLease").AddEndpointFilter(OperatorAudit.Of("release"));
        return endpoints;
    }

    /// <summary>How full the pool of <c>?pool=</c> (the default pool without it) is; 404 for a pool the node does not have.</summary>
    public static async Task<Results<Ok<PoolStats>, ProblemHttpResult>> GetPoolAsync(
        HttpRequest request, IGrainFactory grains, IOptions<PortKeeperOptions> options, PoolRegistry pools)
    {
        var (pool, refusal) = Admit(request, options.Value, pools);
        if (refusal is { } refused)
        {
            return refused;
        }
        return TypedResults.Ok(await grains.Pool(pool).GetStatsAsync());
    }

    /// <summary>Compares the pool's claims with what its users and groups hold now, settles what disagrees, and answers what it found.</summary>
    public static async Task<Results<Ok<RepairReport>, ProblemHttpResult>> RepairPoolAsync(
        HttpRequest request, IGrainFactory grains, IOptions<PortKeeperOptions> options, PoolRegistry pools)
    {
        var (pool, refusal) = Admit(request, options.Value, pools);
        if (refusal is { } refused)
        {
            return refused;
        }
        return await grains.Pool(pool).RepairAsync() is { } report
            ? TypedResults.Ok(report)
            : Problem(StatusCodes.Status503ServiceUnavailable, "Storage unavailable", $"pool '{pool}' could not read its claims, users and groups; nothing changed, try again");
    }

    /// <summary>Who holds a port of the pool: the lease of the user's proxy or of the group; 404 when the port is free.</summary>
    public static async Task<Results<Ok<LeaseInfo>, ProblemHttpResult>> GetPortHolderAsync(
        string protocol, int port, HttpRequest request, IGrainFactory grains, IOptions<PortKeeperOptions> options, PoolRegistry pools)
    {
        var (pool, refusal) = Admit(request, options.Value, pools);
        if (refusal is { } refused)
        {
            return refused;
        }
        if (Protocols.Parse(protocol) is not { } space)
        {
            return Problem(StatusCodes.Status400BadRequest, "Not a protocol", "name the port as /ports/<tcp|udp>/<port>, e.g. /ports/tcp/20005");
        }
        var holder = await grains.Pool(pool).GetHolderAsync(space, port);
        return holder is not null && await grains.LeaseAsync(pool, holder) is { } lease
            ? TypedResults.Ok(lease)
            : holder is null && (await grains.Pool(pool).ListReservationsAsync()).FirstOrDefault(r => r.Protocol == space.Name() && r.Port == port) is { } reserved
                ? Problem(StatusCodes.Status404NotFound, "Port reserved", reserved.Proxy is { } proxy
                    ? $"{protocol} port {port} is held by no proxy: it is reserved for proxy '{proxy}' of user '{reserved.User}' since {reserved.Since:u}"
                    : $"{protocol} port {port} is held by no proxy: it is blocked since {reserved.Since:u}")
            : holder is null
                ? Problem(StatusCodes.Status404NotFound, "Port free", $"{protocol} port {port} is held by no proxy")
                : Problem(StatusCodes.Status404NotFound, "Port not held", $"{protocol} port {port} is taken for {holder}, which does not hold it (yet): a grant in progress, or a leak that repair frees");
    }

    /// <summary>Every pool of the node, the default one first, with how full each is.</summary>
    public static async Task<Results<Ok<ImmutableArray<PoolStats>>, ProblemHttpResult>> ListPoolsAsync(
        HttpRequest request, IGrainFactory grains, IOptions<PortKeeperOptions> options, PoolRegistry pools)
    {
        ArgumentNullException.ThrowIfNull(pools);
        if (AdminAccess.Refusal(request, options.Value) is { } refused)
        {
            return refused;
        }
        return TypedResults.Ok((await Task.WhenAll(pools.All.Select(p => grains.Pool(p.Name).GetStatsAsync()))).ToImmutableArray());
    }

    private static Func<string, LeaseKey, HttpRequest, Task<Results<Ok<LeaseInfo>, ProblemHttpResult>?>> ReleaseLease(IGrainFactory grains) => async (pool, key, request) =>
    {
        if (Force(request) is not { } force)
        {
            return Problem(StatusCodes.Status400BadRequest, "Not a force", $"force must be true or false, not '{request.Query["force"]}'");
        }
        return ReleaseAnswer(key, await (key.IsGroup
            ? grains.Group(pool, key.Protocol, key.Name).ReleaseAsync(force)
            : grains.User(pool, key.User).ReleaseAsync(key.Protocol, key.Name, force)));
    };

    /// <summary>
    /// The answer to a release: 200 with the lease as it was, null (404) when none was held, 409 when
    /// its proxy is connected (saying what <c>?force=true</c> would do), 503 when it could not be stored.
    /// </summary>
    public static Results<Ok<LeaseInfo>, ProblemHttpResult>? ReleaseAnswer(LeaseKey key, Release outcome) => outcome switch
    {
        Release.Released(var lease) => TypedResults.Ok(lease),
        Release.NotHeld => null,
        Release.Connected(var lease) => Problem(StatusCodes.Status409Conflict, "Proxy connected",
            $"{key}{(key.IsGroup ? "" : $" of user '{key.User}'")} is connected: frps listens on port {lease.Port} for {(key.IsGroup ? "its members" : "it")}, so the port is not released. "
            + "Close the proxy first (stop it in frpc), or add ?force=true to release it anyway: the port is then free for another proxy at once, "
            + "but frps keeps serving the connected proxy on it, so a proxy given that port is refused by frps (port already used) "
            + "until the first one disconnects; that one gets a new port when it connects again."),
        Release.Unavailable(var reason) => Problem(StatusCodes.Status503ServiceUnavailable, "Not stored", $"{reason}; {key} keeps its port, try again"),
        _ => throw new InvalidOperationException($"unknown release outcome {outcome}"),
    };

    private static Func<string, LeaseKey, HttpRequest, Task<Results<Ok<LeaseInfo>, ProblemHttpResult>?>> Get(IGrainFactory grains) => async (pool, key, _) =>
        await grains.LeaseAsync(pool, key) is { } lease ? (Results<Ok<LeaseInfo>, ProblemHttpResult>)TypedResults.Ok(lease) : null;

    /// <summary>Whether <c>?force=true</c> is given (false without it); null when <c>force</c> is not one true or false.</summary>
    internal static bool? Force(HttpRequest request) => request.Query["force"] switch
    {
        { Count: 0 } => false,
        [{ } text] when bool.TryParse(text, out var force) => force,
        _ => null,
    };

    /// <summary>
    /// The pool an operator's call is about (<c>?pool=</c>, the default pool without it), and the problem
    /// to answer instead when the caller may not use the admin API or names a pool the node lacks.
    /// </summary>
    internal static (string Pool, ProblemHttpResult? Refused) Admit(HttpRequest request, PortKeeperOptions options, PoolRegistry pools)
    {
        var (pool, unknown) = PoolOf(request, pools);
        return (pool, AdminAccess.Refusal(request, options) ?? unknown);
    }

    /// <summary>The pool of <c>?pool=</c> (the default pool without it), or a 404 naming the pools there are.</summary>
    private static (string Pool, ProblemHttpResult? Problem) PoolOf(HttpRequest request, PoolRegistry pools)
    {
        ArgumentNullException.ThrowIfNull(pools);
        var given = request.Query["pool"];
        if (given.Count == 0)
        {
            return (PoolRegistry.DefaultName, null);
        }
        return given.Count == 1 && given[0] is { } name && pools.Find(name) is not null
            ? (name, null)
            : (PoolRegistry.DefaultName, Problem(StatusCodes.Status404NotFound, "No pool",
                $"no pool '{given}'; the pools are {string.Join(", ", pools.All.Select(p => p.Name))}"));
    }

    private static LeaseKey? KeyFromPath(string protocol, string kind, string name, HttpRequest request) =>
        (Protocols.Parse(protocol), kind) switch
        {
            _ when name.Length == 0 => null,
            ({ } p, "group") => LeaseKey.ForGroup(p, name),
            ({ } p, "proxy") => LeaseKey.ForProxy(p, request.Query["user"] is [{ } user] ? user : LeaseKeys.UserOf(name), name),
            _ => null,
        };

    private static LeaseKey? KeyFromQuery(HttpRequest request)
    {
        var query = request.Query;
        string? One(string name) => query[name] is [{ Length: > 0 } value] ? value : null;
        return (Protocols.Parse(One("protocol")), One("proxy"), One("group")) switch
        {
            ({ } p, { } proxy, null) => LeaseKey.ForProxy(p, query["user"] is [{ } user] ? user : LeaseKeys.UserOf(proxy), proxy),
            ({ } p, null, { } group) => LeaseKey.ForGroup(p, group),
            _ => null,
        };
    }

    private static async Task<Results<Ok<LeaseInfo>, ProblemHttpResult>> OnLeaseAsync(
        HttpRequest request, PortKeeperOptions options, PoolRegistry pools, LeaseKey? key, Func<string, LeaseKey, HttpRequest, Task<Results<Ok<LeaseInfo>, ProblemHttpResult>?>> act)
    {
        var (pool, refusal) = Admit(request, options, pools);
        if (refusal is { } refused)
        {
            return refused;
        }
        if (key is null)
        {
            return Problem(StatusCodes.Status400BadRequest, "Not a lease",
                "name a lease as /lease?protocol=<tcp|udp>&user=<user>&proxy=<proxy name> or /lease?protocol=<tcp|udp>&group=<group>, "
                + "or as /leases/<tcp|udp>/<proxy|group>/<name>, e.g. /leases/tcp/proxy/laptop.ssh; add &pool=<name> for a pool of --pool");
        }
        var where = pool == PoolRegistry.DefaultName ? "" : $" in pool '{pool}'";
        return await act(pool, key, request)
            ?? Problem(StatusCodes.Status404NotFound, "No lease", $"{key}{(key.IsGroup ? "" : $" of user '{key.User}'")}{where} holds no port");
    }

    internal static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(new ProblemDetails { Status = status, Title = title, Detail = detail });
}
