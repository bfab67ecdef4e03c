using System.Collections.Immutable;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PortKeeper.Contracts;
using PortKeeper.Domain;
using PortKeeper.Silo.Configuration;

namespace PortKeeper.Gateway.Endpoints;

/// <summary>A page of leases and the cursor of the next page (<c>?after=</c>), null on the last page.</summary>
public sealed record LeasePage(ImmutableArray<LeaseInfo> Items, string? Next);

/// <summary>A user of a pool and the leases of its own proxies.</summary>
public sealed record UserInfo(string Pool, string User, ImmutableArray<LeaseInfo> Leases);

/// <summary>A load-balancing group of a pool: its lease and its members.</summary>
public sealed record GroupInfo(string Pool, LeaseInfo Lease, ImmutableArray<GroupMember> Members);

/// <summary>
/// The operators' views over a whole pool, behind <c>--admin-token</c>: every lease with filters and
/// pages, one user with all of its proxies (and the release of all of them), one group with its members.
/// </summary>
public static class OperatorEndpoints
{
    // Pool pages read per call at most, when an online filter leaves pages short.
    private const int MaxPoolPages = 20;

    /// <summary>Maps <c>GET /leases</c>, <c>GET</c> and <c>DELETE</c> of <c>/users/{user}</c>, and <c>GET /groups/{protocol}/{group}</c>.</summary>
    public static IEndpointRouteBuilder MapOperatorEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/leases", ListLeasesAsync).WithName("ListLeases");
        endpoints.MapGet("/users/{user}", GetUserAsync).WithName("GetUser");
        endpoints.MapDelete("/users/{user}", ReleaseUserAsync).WithName("ReleaseUser");
        endpoints.MapGet("/groups/{protocol}/{**group}", GetGroupAsync).WithName("GetGroup");
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
        var (pool, unknown) = AdminEndpoints.PoolOf(request, pools);
        if ((AdminAccess.Refusal(request, options.Value) ?? unknown) is { } refused)
        {
            return refused;
        }
        var (query, problem) = LeaseQuery.Parse(request.Query);
        if (query is null)
        {
            return AdminEndpoints.Problem(StatusCodes.Status400BadRequest, "Not a lease query", problem!);
        }
        var items = ImmutableArray.CreateBuilder<LeaseInfo>();
        var holders = query.Holders;
        for (var page = 0; page < MaxPoolPages; page++)
        {
            var found = await grains.Pool(pool).ListHoldersAsync(holders with { Limit = holders.Limit - items.Count });
            var leases = await Task.WhenAll(found.Items.Select(h => ReadAsync(grains, pool, h)));
            items.AddRange(leases.OfType<LeaseInfo>().Where(l => query.Online is not { } online || l.Online == online));
            if (found.Next is not { } next || items.Count == holders.Limit)
            {
                return TypedResults.Ok(new LeasePage(items.ToImmutable(), found.Next?.ToString()));
            }
            holders = holders with { After = next };
        }
        return TypedResults.Ok(new LeasePage(items.ToImmutable(), holders.After?.ToString()));
    }

    /// <summary>A user and the leases of its own proxies; 404 when it holds none.</summary>
    public static async Task<Results<Ok<UserInfo>, ProblemHttpResult>> GetUserAsync(
        string user, HttpRequest request, IGrainFactory grains, IOptions<PortKeeperOptions> options, PoolRegistry pools)
    {
        var (pool, unknown) = AdminEndpoints.PoolOf(request, pools);
        if ((AdminAccess.Refusal(request, options.Value) ?? unknown) is { } refused)
        {
            return refused;
        }
        var leases = await grains.User(pool, user).ListAsync();
        return leases.IsEmpty
            ? AdminEndpoints.Problem(StatusCodes.Status404NotFound, "No user", $"user '{user}'{In(pool)} holds no port")
            : TypedResults.Ok(new UserInfo(pool, user, leases));
    }

    /// <summary>
    /// Releases every port of the user's own proxies (a customer leaving): 200 with the leases as they
    /// were; 409, nothing changed, while any of them is connected, unless <c>?force=true</c>.
    /// </summary>
    public static async Task<Results<Ok<UserInfo>, ProblemHttpResult>> ReleaseUserAsync(
        string user, HttpRequest request, IGrainFactory grains, IOptions<PortKeeperOptions> options, PoolRegistry pools)
    {
        var (pool, unknown) = AdminEndpoints.PoolOf(request, pools);
        if ((AdminAccess.Refusal(request, options.Value) ?? unknown) is { } refused)
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
            var other => throw new InvalidOperationException($"unknown user release outcome {other}"),
        };
    }

    /// <summary>A group's lease and members; 404 when it holds no port.</summary>
    public static async Task<Results<Ok<GroupInfo>, ProblemHttpResult>> GetGroupAsync(
        string protocol, string group, HttpRequest request, IGrainFactory grains, IOptions<PortKeeperOptions> options, PoolRegistry pools)
    {
        var (pool, unknown) = AdminEndpoints.PoolOf(request, pools);
        if ((AdminAccess.Refusal(request, options.Value) ?? unknown) is { } refused)
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

    // The lease of a listed holder, as its grain has it now; null when it no longer holds the port (or not yet).
    private static async Task<LeaseInfo?> ReadAsync(IGrainFactory grains, string pool, PortHolder holder)
    {
        var key = holder.Holder;
        var lease = key.IsGroup
            ? await grains.Group(pool, key.Protocol, key.Name).GetAsync()
            : await grains.User(pool, key.User).GetAsync(key.Protocol, key.Name);
        return lease?.Port == holder.Port ? lease : null;
    }

    private static string In(string pool) => pool == PoolRegistry.DefaultName ? "" : $" in pool '{pool}'";
}
