using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.HttpResults;
using PortKeeper.Gateway.Hosting;

namespace PortKeeper.Gateway.Endpoints;

/// <summary><c>GET /ping</c> and the health checks.</summary>
public static class HealthEndpoints
{
    /// <summary>Maps <c>/ping</c>, <c>/healthz/live</c> and <c>/healthz/ready</c>.</summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/ping", Ping).WithName("Ping");
        endpoints.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = c => c.Tags.Contains(GatewayHosting.LiveTag) })
            .WithName("Live");
        endpoints.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(GatewayHosting.ReadyTag) })
            .WithName("Ready");
        return endpoints;
    }

    /// <summary>Answers the text <c>pong</c>, as the previous keeper did.</summary>
    public static ContentHttpResult Ping() => TypedResults.Text("pong");
}
