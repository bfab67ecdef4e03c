using System.Collections.Immutable;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PortKeeper.Gateway.Endpoints;
using PortKeeper.Silo.Configuration;

namespace PortKeeper.Gateway.Status;

/// <summary>What the status page reads besides the leases and pools: the node's recent refusals and the cluster's silos.</summary>
public static class StatusApiEndpoints
{
    /// <summary>Maps <c>GET /refusals</c> and <c>GET /silos</c>, behind the admin token or session like the rest of the admin API.</summary>
    public static IEndpointRouteBuilder MapStatusApiEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/refusals", ListRefusals).WithName("ListRefusals");
        endpoints.MapGet("/silos", ListSilosAsync).WithName("ListSilos");
        return endpoints;
    }

    /// <summary>The last refusals this node's plugin endpoint answered frps, newest first, with the reason each frpc user got.</summary>
    public static Results<Ok<ImmutableArray<RefusalRecord>>, ProblemHttpResult> ListRefusals(
        HttpRequest request, IOptions<PortKeeperOptions> options, RecentRefusals refusals)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(refusals);
        return AdminAccess.Refusal(request, options.Value) is { } refused ? refused : TypedResults.Ok(refusals.List());
    }

    /// <summary>Every silo of the cluster's membership, the active ones first, newest first within each status.</summary>
    public static async Task<Results<Ok<ImmutableArray<SiloInfo>>, ProblemHttpResult>> ListSilosAsync(
        HttpRequest request, IOptions<PortKeeperOptions> options, IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(grains);
        if (AdminAccess.Refusal(request, options.Value) is { } refused)
        {
            return refused;
        }
        var hosts = await grains.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: false);
        return TypedResults.Ok(hosts
            .OrderBy(h => h.Status != SiloStatus.Active)
            .ThenByDescending(h => h.StartTime)
            .Select(h => new SiloInfo($"{h.SiloAddress.Endpoint}@{h.SiloAddress.Generation}", h.SiloName, h.HostName, h.Status.ToString(),
                new DateTimeOffset(DateTime.SpecifyKind(h.StartTime, DateTimeKind.Utc)), new DateTimeOffset(DateTime.SpecifyKind(h.IAmAliveTime, DateTimeKind.Utc))))
            .ToImmutableArray());
    }
}
