using System.Collections.Immutable;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PortKeeper.Contracts;
using PortKeeper.Domain;
using PortKeeper.Gateway.Telemetry;
using PortKeeper.Silo.Configuration;

namespace PortKeeper.Gateway.Endpoints;

/// <summary>
/// Reservations, behind <c>--admin-token</c>: a port kept for a proxy before it first connects (its
/// first NewProxy gets it), or blocked (automatic allocation never hands it out, and no proxy may ask for it).
/// </summary>
public static class ReservationEndpoints
{
    /// <summary>Maps <c>GET /reservations</c>, and <c>PUT</c> and <c>DELETE</c> of <c>/reservations/{protocol}/{port}</c>.</summary>
    public static IEndpointRouteBuilder MapReservationEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/reservations", ListAsync).WithName("ListReservations");
        endpoints.MapPut("/reservations/{protocol}/{port:int}", ReserveAsync).WithName("Reserve").AddEndpointFilter(OperatorAudit.Of("reserve"));
        endpoints.MapDelete("/reservations/{protocol}/{port:int}", UnreserveAsync).WithName("Unreserve").AddEndpointFilter(OperatorAudit.Of("unreserve"));
        return endpoints;
    }

    /// <summary>Every reservation and blocked port of the pool, in port order (a blocked port names no user or proxy).</summary>
    public static async Task<Results<Ok<ImmutableArray<ReservationInfo>>, ProblemHttpResult>> ListAsync(
        HttpRequest request, IGrainFactory grains, IOptions<PortKeeperOptions> options, PoolRegistry pools)
    {
        var (pool, refusal) = AdminEndpoints.Admit(request, options.Value, pools);
        if (refusal is { } refused)
        {
            return refused;
        }
        return TypedResults.Ok(await grains.Pool(pool).ListReservationsAsync());
    }

    /// <summary>
    /// Reserves the port for the proxy the body names (<c>{"user": "alice", "proxy": "alice.nas"}</c>), or
    /// blocks it (<c>{"block": true}</c>): 200 with the reservation; 409 when the port is taken or the
    /// proxy holds a port already; 400 for a port outside the pool.
    /// </summary>
    public static async Task<Results<Ok<ReservationInfo>, ProblemHttpResult>> ReserveAsync(
        string protocol, int port, HttpRequest request, IGrainFactory grains, IOptions<PortKeeperOptions> options, PoolRegistry pools)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (pool, refusal) = AdminEndpoints.Admit(request, options.Value, pools);
        if (refusal is { } refused)
        {
            return refused;
        }
        if (Protocols.Parse(protocol) is not { } space)
        {
            return NotAProtocol();
        }
        ReservationRequest? asked;
        try
        {
            asked = await request.ReadFromJsonAsync<ReservationRequest>(request.HttpContext.RequestAborted);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or BadHttpRequestException)
        {
            asked = null;
        }
        LeaseKey? proxy = null;
        if (asked?.Names(space, out proxy) is not true)
        {
            return AdminEndpoints.Problem(StatusCodes.Status400BadRequest, "Not a reservation",
                """send a JSON body naming the proxy, {"user": "alice", "proxy": "alice.nas"} (the proxy name as frps sends it), or {"block": true} to keep the port from every proxy""");
        }
        return await grains.Pool(pool).ReserveAsync(space, port, proxy) switch
        {
            ReserveResult.Done(var reservation) => TypedResults.Ok(reservation),
            ReserveResult.Conflict(var reason) => AdminEndpoints.Problem(StatusCodes.Status409Conflict, "Port not reserved", reason),
            ReserveResult.NotInRange(var range) => AdminEndpoints.Problem(StatusCodes.Status400BadRequest, "Port not in pool", $"{protocol} port {port} is outside the pool's ports {range}"),
            var other => Failed(other),
        };
    }

    /// <summary>Removes the port's reservation or block: 200 with it as it was, 404 when the port has none.</summary>
    public static async Task<Results<Ok<ReservationInfo>, ProblemHttpResult>> UnreserveAsync(
        string protocol, int port, HttpRequest request, IGrainFactory grains, IOptions<PortKeeperOptions> options, PoolRegistry pools)
    {
        var (pool, refusal) = AdminEndpoints.Admit(request, options.Value, pools);
        if (refusal is { } refused)
        {
            return refused;
        }
        if (Protocols.Parse(protocol) is not { } space)
        {
            return NotAProtocol();
        }
        return await grains.Pool(pool).UnreserveAsync(space, port) switch
        {
            ReserveResult.Done(var reservation) => TypedResults.Ok(reservation),
            ReserveResult.Missing => AdminEndpoints.Problem(StatusCodes.Status404NotFound, "No reservation", $"{protocol} port {port} is neither reserved nor blocked"),
            var other => Failed(other),
        };
    }

    private static ProblemHttpResult NotAProtocol() =>
        AdminEndpoints.Problem(StatusCodes.Status400BadRequest, "Not a protocol", "name the port as /reservations/<tcp|udp>/<port>, e.g. /reservations/tcp/20005");

    private static ProblemHttpResult Failed(ReserveResult outcome) => outcome switch
    {
        ReserveResult.Unavailable(var reason) => AdminEndpoints.Problem(StatusCodes.Status503ServiceUnavailable, "Not stored", $"{reason}; nothing changed, try again"),
        _ => throw new InvalidOperationException($"unexpected reservation outcome {outcome}"),
    };
}
