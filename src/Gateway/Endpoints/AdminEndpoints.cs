using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using PortKeeper.Contracts;
using PortKeeper.Silo.Configuration;

namespace PortKeeper.Gateway.Endpoints;

/// <summary>
/// The operators' API, behind <c>--admin-token</c>: read a lease, release it, read the pool.
/// A lease is named as its key: <c>/leases/tcp/proxy/laptop.ssh</c>, <c>/leases/udp/group/dns</c>.
/// </summary>
public static class AdminEndpoints
{
    /// <summary>Maps <c>GET /pool</c>, <c>GET /leases/{protocol}/{kind}/{name}</c> and <c>DELETE</c> of the same.</summary>
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/pool", GetPoolAsync).WithName("GetPool");
        var leases = endpoints.MapGroup("/leases/{protocol}/{kind}/{**name}");
        leases.MapGet("", GetLeaseAsync).WithName("GetLease");
        leases.MapDelete("", ReleaseLeaseAsync).WithName("ReleaseLease");
        return endpoints;
    }

    /// <summary>How full the pool is.</summary>
    public static async Task<Results<Ok<PoolStats>, ProblemHttpResult>> GetPoolAsync(
        HttpRequest request, IGrainFactory grains, IOptions<PortKeeperOptions> options) =>
        Refusal(request, options.Value) is { } refused
            ? refused
            : TypedResults.Ok(await grains.GetGrain<IPortPoolGrain>(IPortPoolGrain.SingletonKey).GetStatsAsync());

    /// <summary>The lease of a key; 404 when the key holds no port.</summary>
    public static Task<Results<Ok<LeaseInfo>, ProblemHttpResult>> GetLeaseAsync(
        string protocol, string kind, string name, HttpRequest request, IGrainFactory grains, IOptions<PortKeeperOptions> options) =>
        OnLeaseAsync(protocol, kind, name, request, options.Value, key => grains.GetGrain<ILeaseGrain>(key.ToString()).GetAsync());

    /// <summary>Releases a key's port and answers the lease as it was; 404 when the key holds no port.</summary>
    public static Task<Results<Ok<LeaseInfo>, ProblemHttpResult>> ReleaseLeaseAsync(
        string protocol, string kind, string name, HttpRequest request, IGrainFactory grains, IOptions<PortKeeperOptions> options) =>
        OnLeaseAsync(protocol, kind, name, request, options.Value, key => grains.GetGrain<ILeaseGrain>(key.ToString()).ReleaseAsync());

    private static async Task<Results<Ok<LeaseInfo>, ProblemHttpResult>> OnLeaseAsync(
        string protocol, string kind, string name, HttpRequest request, PortKeeperOptions options, Func<LeaseKey, Task<LeaseInfo?>> act)
    {
        if (Refusal(request, options) is { } refused)
        {
            return refused;
        }
        if (LeaseKey.Parse($"{protocol}/{kind}/{name}") is not { } key)
        {
            return Problem(StatusCodes.Status400BadRequest, "Not a lease key",
                "name a lease as /leases/<tcp|udp>/<proxy|group>/<name>, e.g. /leases/tcp/proxy/laptop.ssh");
        }
        return await act(key) is { } lease
            ? TypedResults.Ok(lease)
            : Problem(StatusCodes.Status404NotFound, "No lease", $"{key} holds no port");
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
