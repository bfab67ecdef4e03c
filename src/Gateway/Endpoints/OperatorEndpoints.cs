using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PortKeeper.Contracts;
using PortKeeper.Domain;
using PortKeeper.Gateway.Telemetry;
using PortKeeper.Silo.Configuration;

namespace PortKeeper.Gateway.Endpoints;

/// <summary>
/// The operators' views over a whole pool, behind <c>--admin-token</c>: every lease with filters and
/// pages, one user with all of its proxies (and the release of all of them), one group with its members.
/// </summary>
public static class OperatorEndpoints
{
    /// <summary>Maps <c>GET /leases</c>, <c>GET</c> and <c>DELETE</c> of <c>/users/{user}</c>, and <c>GET /groups/{protocol}/{group}</c>.</summary>
    public static IEndpointRouteBuilder MapOperatorEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/leases", ListLeasesAsync).WithName("ListLeases");
        endpoints.MapGet("/users/{user}", GetUserAsync).WithName("GetUser");
        endpoints.MapDelete("/users/{user}", ReleaseUserAsync).WithName("ReleaseUser").AddEndpointFilter(OperatorAudit.Of("release_user"));
        endpoints.MapGet("/groups/{protocol}/{**group}", GetGroupAsync).WithName("GetGroup");
        endpoints.MapGet("/limits", ListLimitsAsync).WithName("ListLimits");
        endpoints.MapPut("/users/{user}/limit", SetLimitAsync).WithName("SetUserLimit").AddEndpointFilter(OperatorAudit.Of("set_limit"));
        endpoints.MapDelete("/users/{user}/limit", (string user, HttpRequest request, IGrainFactory grains, IOptions<PortKeeperOptions> options, PoolRegistry pools) =>
            ChangeLimitAsync(user, request, grains, options, pools, null)).WithName("ClearUserLimit").AddEndpointFilter(OperatorAudit.Of("clear_limit"));
        return endpoints;
    }

    /// <summary>
    /// The pool's leases in port order (tcp, then udp), filtered by <c>protocol</c>, <c>user</c>,
    /// <c>online</c>, <c>from</c>/<c>to</c> (ports) and <c>q</c> (part of a user, proxy or group name),
    /// <c>limit</c> per page (default 100, at most 1000), the next page from <c>after</c>.
    /// </summary>
    public static async Task<Results<Ok<LeasePage>, ProblemHttpResult>> ListLeasesAsync(
        HttpRequest request, IGrainFactory grains, IOptions<PortKeeperOptions> options, PoolRegistry pools)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (pool, refusal) = AdminEndpoints.Admit(request, options.Value, pools);
        if (refusal is { } refused)
        {
            return refused;
        }
        if (!LeaseQuery.Parse(request.Query).TryGet(out var query, out var problem))
        {
            return AdminEndpoints.Problem(StatusCodes.Status400BadRequest, "Not a lease query", problem);
        }
        var (items, next) = await LeaseListing.PageAsync(grains, pool, query);
        return TypedResults.Ok(new LeasePage([.. items.Select(i => i.Lease)], next?.ToString()));
    }

    /// <summary>A user and the leases of its own proxies; 404 when it holds none.</summary>
    public static async Task<Results<Ok<UserInfo>, ProblemHttpResult>> GetUserAsync(
        string user, HttpRequest request, IGrainFactory grains, IOptions<PortKeeperOptions> options, PoolRegistry pools)
    {
        var (pool, refusal) = AdminEndpoints.Admit(request, options.Value, pools);
        if (refusal is { } refused)
        {
            return refused;
        }
        var grain = grains.User(pool, user);
        var (leases, limits) = (await grain.ListAsync(), await grain.GetLimitsAsync());
        return leases.IsEmpty && limits.Own is null
            ? AdminEndpoints.Problem(StatusCodes.Status404NotFound, "No user", $"user '{user}'{In(pool)} holds no port and has no limit of its own")
            : TypedResults.Ok(new UserInfo(pool, user, leases, limits));
    }

    /// <summary>The pool's default limit and every user with a limit of its own.</summary>
    public static async Task<Results<Ok<PoolLimits>, ProblemHttpResult>> ListLimitsAsync(
        HttpRequest request, IGrainFactory grains, IOptions<PortKeeperOptions> options, PoolRegistry pools)
    {
        var (pool, refusal) = AdminEndpoints.Admit(request, options.Value, pools);
        if (refusal is { } refused)
        {
            return refused;
        }
        return await grains.Pool(pool).ListLimitsAsync() is { } limits
            ? TypedResults.Ok(new PoolLimits(pool, options.Value.MaxPortsPerUser, limits))
            : AdminEndpoints.Problem(StatusCodes.Status503ServiceUnavailable, "Storage unavailable", $"the limits of pool '{pool}' could not be read; try again");
    }

    /// <summary>
    /// Sets the user's own limit from the body <c>{"maxPorts": 5, "ports": "20000-20099"}</c> (either may be
    /// null: the default count, any port of the pool); proxies that hold a port keep it.
    /// </summary>
    public static async Task<Results<Ok<UserInfo>, ProblemHttpResult>> SetLimitAsync(
        string user, HttpRequest request, IGrainFactory grains, IOptions<PortKeeperOptions> options, PoolRegistry pools)
    {
        ArgumentNullException.ThrowIfNull(request);
        UserLimit? limit;
        try
        {
            limit = await request.ReadFromJsonAsync<UserLimit>(request.HttpContext.RequestAborted);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or BadHttpRequestException)
        {
            limit = null;
        }
        return limit is null
            ? AdminEndpoints.Problem(StatusCodes.Status400BadRequest, "Not a limit", """send a JSON body such as {"maxPorts": 5, "ports": "20000-20099"} (0 ports: no limit; either may be null)""")
            : await ChangeLimitAsync(user, request, grains, options, pools, limit);
    }

    // Sets (or with null clears) the user's own limit, once it is checked against the pool's ports.
    private static async Task<Results<Ok<UserInfo>, ProblemHttpResult>> ChangeLimitAsync(
        string user, HttpRequest request, IGrainFactory grains, IOptions<PortKeeperOptions> options, PoolRegistry pools, UserLimit? limit)
    {
        var (pool, refusal) = AdminEndpoints.Admit(request, options.Value, pools);
        if (refusal is { } refused)
        {
            return refused;
        }
        if (limit is not null && Limits.Check(limit, pools.Find(pool)!.Range) is Parsed<PortRange?>.Error(var problem))
        {
            return AdminEndpoints.Problem(StatusCodes.Status400BadRequest, "Not a limit", problem);
        }
        var grain = grains.User(pool, user);
        return await grain.SetLimitAsync(limit) is { } limits
            ? TypedResults.Ok(new UserInfo(pool, user, await grain.ListAsync(), limits))
            : AdminEndpoints.Problem(StatusCodes.Status503ServiceUnavailable, "Not stored", $"the limit of user '{user}'{In(pool)} could not be stored; nothing changed, try again");
    }

    /// <summary>
    /// Releases every port of the user's own proxies (a customer leaving): 200 with the leases as they
    /// were; 409, nothing changed, while any of them is connected, unless <c>?force=true</c>.
    /// </summary>
    public static async Task<Results<Ok<UserInfo>, ProblemHttpResult>> ReleaseUserAsync(
        string user, HttpRequest request, IGrainFactory grains, IOptions<PortKeeperOptions> options, PoolRegistry pools)
    {
        var (pool, refusal) = AdminEndpoints.Admit(request, options.Value, pools);
        if (refusal is { } refused)
        {
            return refused;
        }
        if (AdminEndpoints.Force(request) is not { } force)
        {
            return AdminEndpoints.Problem(StatusCodes.Status400BadRequest, "Not a force", $"force must be true or false, not '{request.Query["force"]}'");
        }
        return await grains.User(pool, user).ReleaseAllAsync(force) switch
        {
            UserRelease.Released(var leases) when leases.IsEmpty =>
                AdminEndpoints.Problem(StatusCodes.Status404NotFound, "No user", $"user '{user}'{In(pool)} holds no port"),
            UserRelease.Released(var leases) => TypedResults.Ok(new UserInfo(pool, user, leases)),
            UserRelease.Connected(var online) => AdminEndpoints.Problem(StatusCodes.Status409Conflict, "Proxies connected",
                $"user '{user}'{In(pool)} has {online.Length} connected prox{(online.Length == 1 ? "y" : "ies")} ({string.Join(", ", online.Select(l => $"{l.Protocol} {l.LastProxyName} on port {l.Port}"))}), "
                + "so nothing was released. Stop them in frpc first, or add ?force=true to release every port of the user anyway "
                + "(frps keeps serving the connected proxies on their ports until they disconnect)."),
            UserRelease.Unavailable(var reason, var released) => AdminEndpoints.Problem(StatusCodes.Status503ServiceUnavailable, "Not stored",
                $"{reason}; {released.Length} port{(released.Length == 1 ? " was" : "s were")} released before it ({string.Join(", ", released.Select(l => $"{l.Protocol} {l.LastProxyName} on port {l.Port}"))}), "
                + "the others keep theirs; try again"),
            var other => throw new InvalidOperationException($"unknown user release outcome {other}"),
        };
    }

    /// <summary>A group's lease and members; 404 when it holds no port.</summary>
    public static async Task<Results<Ok<GroupInfo>, ProblemHttpResult>> GetGroupAsync(
        string protocol, string group, HttpRequest request, IGrainFactory grains, IOptions<PortKeeperOptions> options, PoolRegistry pools)
    {
        var (pool, refusal) = AdminEndpoints.Admit(request, options.Value, pools);
        if (refusal is { } refused)
        {
            return refused;
        }
        if (Protocols.Parse(protocol) is not { } space)
        {
            return AdminEndpoints.Problem(StatusCodes.Status400BadRequest, "Not a protocol", "name the group as /groups/<tcp|udp>/<group>, e.g. /groups/tcp/web");
        }
        var grain = grains.Group(pool, space, group);
        return await grain.GetAsync() is { } lease
            ? TypedResults.Ok(new GroupInfo(pool, lease, await grain.GetMembersAsync()))
            : AdminEndpoints.Problem(StatusCodes.Status404NotFound, "No group", $"{protocol} group '{group}'{In(pool)} holds no port");
    }

    private static string In(string pool) => pool == PoolRegistry.DefaultName ? "" : $" in pool '{pool}'";
}
