using OpenTelemetry.Metrics;

namespace PortKeeper.Gateway.Telemetry;

/// <summary>OpenTelemetry metrics: PortKeeper's, ASP.NET Core's and Orleans', scraped at <c>/metrics</c>.</summary>
public static class TelemetryHosting
{
    /// <summary>Registers the meters and a Prometheus exporter.</summary>
    public static IHostApplicationBuilder AddGatewayTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PluginMetrics>();
        builder.Services.AddHostedService<PoolGauges>();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(PluginMetrics.MeterName, "Microsoft.Orleans", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
            .AddPrometheusExporter());
        return builder;
    }

    /// <summary>Maps <c>GET /metrics</c> in Prometheus text format.</summary>
    public static IEndpointRouteBuilder MapTelemetryEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPrometheusScrapingEndpoint();
        return endpoints;
    }
}
