using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using PortKeeper.Contracts;
using PortKeeper.Domain;
using PortKeeper.Silo.Configuration;

namespace PortKeeper.Gateway.Endpoints;

/// <summary>
/// The operators' API, behind <c>--admin-token</c>: read the pool, list a user's leases, read and
/// release one lease. A lease is named by query parameters, so that every name a proxy can have is
/// addressable (percent-encoded): <c>/lease?protocol=tcp&amp;user=laptop&amp;proxy=laptop.ssh</c>,
/// <c>/lease?protocol=udp&amp;group=dns</c>; or by path, <c>/leases/tcp/proxy/laptop.ssh</c>, the
/// user then being the proxy name's prefix (as frpc names proxies) unless <c>?user=</c> says otherwise.
/// </summary>
public static class AdminEndpoints
{
    /// <summary>Maps <c>GET /pool</c>, <c>GET /leases</c>, <c>GET</c> and <c>DELETE</c> of <c>/lease</c> and <c>/leases/{protocol}/{kind}/{name}</c>.</summary>
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/pool", GetPoolAsync).WithName("GetPool");
        endpoints.MapPost("/pool/repair", RepairPoolAsync).WithName("RepairPool");
        endpoints.MapGet("/ports/{protocol}/{port:int}", GetPortHolderAsync).WithName("GetPortHolder");
        endpoints.MapGet("/leases", ListUserLeasesAsync).WithName("ListUserLeases");
        endpoints.MapGet("/lease", (HttpRequest request, IGrainFactory grains, IOptions<PortKeeperOptions> options) =>
            OnLeaseAsync(request, options.Value, KeyFromQuery(request), Read(grains))).WithName("GetLeaseByQuery");
        endpoints.MapDelete("/lease", (HttpRequest request, IGrainFactory grains, IOptions<PortKeeperOptions> options) =>
            OnLeaseAsync(request, options.Value, KeyFromQuery(request), Release(grains))).WithName("ReleaseLeaseByQuery");
        var leases = endpoints.MapGroup("/leases/{protocol}/{kind}/{**name}");
        leases.MapGet("", (string protocol, string kind, string name, HttpRequest request, IGrainFactory grains, IOptions<PortKeeperOptions> options) =>
            OnLeaseAsync(request, options.Value, KeyFromPath(protocol, kind, name, request), Read(grains))).WithName("GetLease");
        leases.MapDelete("", (string protocol, string kind, string name, HttpRequest request, IGrainFactory grains, IOptions<PortKeeperOptions> options) =>
            OnLeaseAsync(request, options.Value, KeyFromPath(protocol, kind, name, request), Release(grains))).WithName("ReleaseLease");
        return endpoints;
    }

    /// <summary>How full the pool is.</summary>
    public static async Task<Results<Ok<PoolStats>, ProblemHttpResult>> GetPoolAsync(
        HttpRequest request, IGrainFactory grains, IOptions<PortKeeperOptions> options) =>
        Refusal(request, options.Value) is { } refused
            ? refused
            : TypedResults.Ok(await grains.Pool(GrainKeys.DefaultPool).GetStatsAsync());

    /// <summary>Compares the pool's claims with what its users and groups hold now, settles what disagrees, and answers what it found.</summary>
    public static async Task<Results<Ok<RepairReport>, ProblemHttpResult>> RepairPoolAsync(
        HttpRequest request, IGrainFactory grains, IOptions<PortKeeperOptions> options) =>
        Refusal(request, options.Value) is { } refused
            ? refused
            : TypedResults.Ok(await grains.Pool(GrainKeys.DefaultPool).RepairAsync());

    /// <summary>Who holds a port: the lease of the user's proxy or of the group; 404 when the port is free.</summary>
    public static async Task<Results<Ok<LeaseInfo>, ProblemHttpResult>> GetPortHolderAsync(
        string protocol, int port, HttpRequest request, IGrainFactory grains, IOptions<PortKeeperOptions> options)
    {
        if (Refusal(request, options.Value) is { } refused)
        {
            return refused;
        }
        if (Protocols.Parse(protocol) is not { } space)
        {
            return Problem(StatusCodes.Status400BadRequest, "Not a protocol", "name the port as /ports/<tcp|udp>/<port>, e.g. /ports/tcp/20005");
        }
        var holder = await grains.Pool(GrainKeys.DefaultPool).GetHolderAsync(space, port);
        return holder is not null && await Read(grains)(holder) is { } lease
            ? TypedResults.Ok(lease)
            : holder is null
                ? Problem(StatusCodes.Status404NotFound, "Port free", $"{protocol} port {port} is held by no proxy")
                : Problem(StatusCodes.Status404NotFound, "Port not held", $"{protocol} port {port} is taken for {holder}, which does not hold it (yet): a grant in progress, or a leak that repair frees");
    }

    /// <summary>Every lease of the user named by <c>?user=</c>.</summary>
    public static async Task<Results<Ok<ImmutableArray<LeaseInfo>>, ProblemHttpResult>> ListUserLeasesAsync(
        HttpRequest request, IGrainFactory grains, IOptions<PortKeeperOptions> options)
    {
        if (Refusal(request, options.Value) is { } refused)
        {
            return refused;
        }
        if (request.Query["user"] is not [{ } user])
        {
            return Problem(StatusCodes.Status400BadRequest, "No user", "name the user: /leases?user=<frp user>");
        }
        return TypedResults.Ok(await grains.User(GrainKeys.DefaultPool, user).ListAsync());
    }

    private static Func<LeaseKey, Task<LeaseInfo?>> Read(IGrainFactory grains) => key => key.IsGroup
        ? grains.Group(GrainKeys.DefaultPool, key.Protocol, key.Name).GetAsync()
        : grains.User(GrainKeys.DefaultPool, key.User).GetAsync(key.Protocol, key.Name);

    private static Func<LeaseKey, Task<LeaseInfo?>> Release(IGrainFactory grains) => key => key.IsGroup
        ? grains.Group(GrainKeys.DefaultPool, key.Protocol, key.Name).ReleaseAsync()
        : grains.User(GrainKeys.DefaultPool, key.User).ReleaseAsync(key.Protocol, key.Name);

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
        HttpRequest request, PortKeeperOptions options, LeaseKey? key, Func<LeaseKey, Task<LeaseInfo?>> act)
    {
        if (Refusal(request, options) is { } refused)
        {
            return refused;
        }
        if (key is null)
        {
            return Problem(StatusCodes.Status400BadRequest, "Not a lease",
                "name a lease as /lease?protocol=<tcp|udp>&user=<user>&proxy=<proxy name> or /lease?protocol=<tcp|udp>&group=<group>, "
                + "or as /leases/<tcp|udp>/<proxy|group>/<name>, e.g. /leases/tcp/proxy/laptop.ssh");
        }
        return await act(key) is { } lease
            ? TypedResults.Ok(lease)
            : Problem(StatusCodes.Status404NotFound, "No lease", $"{key}{(key.IsGroup ? "" : $" of user '{key.User}'")} holds no port");
    }

    // The admin API is off without a token; with one, every call must carry it.
    private static ProblemHttpResult? Refusal(HttpRequest request, PortKeeperOptions options)
    {
        if (options.AdminToken is not { } token)
        {
            return Problem(StatusCodes.Status403Forbidden, "Admin API off", "start PortKeeper with --admin-token to use it");
        }
        var given = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        var valid = given.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given[scheme.Length..].Trim()), Encoding.UTF8.GetBytes(token.Trim()));
        return valid ? null : Problem(StatusCodes.Status401Unauthorized, "Token required", "send Authorization: Bearer <the --admin-token>");
    }

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(new ProblemDetails { Status = status, Title = title, Detail = detail });
}
