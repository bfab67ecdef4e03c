using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;

namespace PortKeeper.Gateway.Telemetry;

/// <summary>OpenTelemetry metrics: PortKeeper's, ASP.NET Core's and Orleans', scraped at <c>/metrics</c>.</summary>
public static class TelemetryHosting
{
    /// <summary>
    /// Bucket boundaries, in seconds, of PortKeeper's duration histograms: a known proxy is
    /// answered in well under a millisecond, a new one on PostgreSQL in tens of milliseconds, a
    /// refusal at the answer deadline in seconds. OpenTelemetry's default boundaries (0 to 10,000)
    /// are meant for milliseconds and would put every answer into one bucket.
    /// </summary>
    public static readonly double[] DurationBuckets =
        [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>Registers the meters and a Prometheus exporter.</summary>
    public static IHostApplicationBuilder AddGatewayTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PluginMetrics>();
        builder.Services.AddSingleton<OperatorAudit>();
        builder.Services.AddHostedService<PoolGauges>();
        builder.Services.AddHostedService<ConnectionRefusals>();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(PluginMetrics.MeterName, "Microsoft.Orleans", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
            .AddView(DurationView)
            .AddPrometheusExporter());
        return builder;
    }

    // Every histogram of PortKeeper's meter measured in seconds (the plugin's answers, the pool's
    // writes, defined in the grains), whichever file defines it.
    private static ExplicitBucketHistogramConfiguration? DurationView(Instrument instrument) =>
        instrument.Meter.Name == PluginMetrics.MeterName && instrument.Unit == "s" && instrument is Histogram<double>
            ? new ExplicitBucketHistogramConfiguration { Boundaries = DurationBuckets }
            : null;

    /// <summary>Maps <c>GET /metrics</c> in Prometheus text format.</summary>
    public static IEndpointRouteBuilder MapTelemetryEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPrometheusScrapingEndpoint();
        return endpoints;
    }
}
