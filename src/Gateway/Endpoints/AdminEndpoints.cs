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
        endpoints.MapGet("/leases", ListUserLeasesAsync).WithName("ListUserLeases");
        endpoints.MapGet("/lease", (HttpRequest request, IGrainFactory grains, IOptions<PortKeeperOptions> options) =>
            OnLeaseAsync(request, options.Value, KeyFromQuery(request), Read(grains))).WithName("GetLeaseByQuery");
        endpoints.MapDelete("/lease", (HttpRequest request, IGrainFactory grains, IOptions<PortKeeperOptions> options) =>
            OnLeaseAsync(request, options.Value, KeyFromQuery(request), ReleaseLease(grains))).WithName("ReleaseLeaseByQuery");
        var leases = endpoints.MapGroup("/leases/{protocol}/{kind}/{**name}");
        leases.MapGet("", (string protocol, string kind, string name, HttpRequest request, IGrainFactory grains, IOptions<PortKeeperOptions> options) =>
            OnLeaseAsync(request, options.Value, KeyFromPath(protocol, kind, name, request), Read(grains))).WithName("GetLease");
        leases.MapDelete("", (string protocol, string kind, string name, HttpRequest request, IGrainFactory grains, IOptions<PortKeeperOptions> options) =>
            OnLeaseAsync(request, options.Value, KeyFromPath(protocol, kind, name, request), ReleaseLease(grains))).WithName("ReleaseLease");
        return endpoints;
    }

    /// <summary>How full the pool is.</summary>
    public static async Task<Results<Ok<PoolStats>, ProblemHttpResult>> GetPoolAsync(
        HttpRequest request, IGrainFactory grains, IOptions<PortKeeperOptions> options) =>
        Refusal(request, options.Value) is { } refused
            ? refused
            : TypedResults.Ok(await grains.Pool(GrainKeys.DefaultPool).GetStatsAsync());

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

    private static Func<LeaseKey, HttpRequest, Task<Results<Ok<LeaseInfo>, ProblemHttpResult>>> Read(IGrainFactory grains) => async (key, _) =>
        await (key.IsGroup
            ? grains.Group(GrainKeys.DefaultPool, key.Protocol, key.Name).GetAsync()
            : grains.User(GrainKeys.DefaultPool, key.User).GetAsync(key.Protocol, key.Name)) is { } lease
            ? TypedResults.Ok(lease)
            : NoLease(key);

    private static Func<LeaseKey, HttpRequest, Task<Results<Ok<LeaseInfo>, ProblemHttpResult>>> ReleaseLease(IGrainFactory grains) => async (key, request) =>
    {
        if (request.Query["force"] is var given && given.Count > 0 && (given.Count > 1 || !bool.TryParse(given[0], out _)))
        {
            return Problem(StatusCodes.Status400BadRequest, "Not a force", $"force must be true or false, not '{given}'");
        }
        var force = request.Query["force"] is [{ } text] && bool.Parse(text);
        return ReleaseAnswer(key, await (key.IsGroup
            ? grains.Group(GrainKeys.DefaultPool, key.Protocol, key.Name).ReleaseAsync(force)
            : grains.User(GrainKeys.DefaultPool, key.User).ReleaseAsync(key.Protocol, key.Name, force)));
    };

    /// <summary>
    /// The answer to a release: 200 with the lease as it was, 404 when none was held, 409 when its
    /// proxy is connected (saying what <c>?force=true</c> would do).
    /// </summary>
    public static Results<Ok<LeaseInfo>, ProblemHttpResult> ReleaseAnswer(LeaseKey key, Release outcome) => outcome switch
    {
        Release.Released(var lease) => TypedResults.Ok(lease),
        Release.NotHeld => NoLease(key),
        Release.Connected(var lease) => Problem(StatusCodes.Status409Conflict, "Proxy connected",
            $"{Named(key)} is connected: frps listens on port {lease.Port} for {(key.IsGroup ? "its members" : "it")}, so the port is not released. "
            + "Close the proxy first (stop it in frpc), or add ?force=true to release it anyway: the port is then free for another proxy at once, "
            + "but frps keeps serving the connected proxy on it, so a proxy given that port is refused by frps (port already used) "
            + "until the first one disconnects; that one gets a new port when it connects again."),
        _ => throw new InvalidOperationException($"unknown release outcome {outcome}"),
    };

    private static ProblemHttpResult NoLease(LeaseKey key) =>
        Problem(StatusCodes.Status404NotFound, "No lease", $"{Named(key)} holds no port");

    private static string Named(LeaseKey key) => $"{key}{(key.IsGroup ? "" : $" of user '{key.User}'")}";

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
        HttpRequest request, PortKeeperOptions options, LeaseKey? key, Func<LeaseKey, HttpRequest, Task<Results<Ok<LeaseInfo>, ProblemHttpResult>>> act)
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
        return await act(key, request);
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
