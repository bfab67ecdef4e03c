using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using PortKeeper.Domain;

namespace PortKeeper.Gateway.Hosting;

/// <summary>Service registrations of the gateway.</summary>
public static class GatewayHosting
{
    /// <summary>Tag of the checks behind <c>/healthz/live</c>.</summary>
    public const string LiveTag = "live";

    /// <summary>Tag of the checks behind <c>/healthz/ready</c>.</summary>
    public const string ReadyTag = "ready";

    /// <summary>Binds and validates <see cref="GatewayOptions"/>, and registers the <see cref="PortRange"/> it names.</summary>
    public static IHostApplicationBuilder AddGatewayOptions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidation>();
        builder.Services.AddSingleton(sp =>
            AllowPorts.Parse(sp.GetRequiredService<IOptions<GatewayOptions>>().Value.AllowPorts) is Parsed<PortRange>.Ok ok
                ? ok.Value
                : throw new InvalidOperationException($"{GatewayOptions.Section}:AllowPorts is missing or invalid"));
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }

    /// <summary>JSON problem details for every error outside the plugin path: never an HTML page.</summary>
    public static IHostApplicationBuilder AddGatewayProblemDetails(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        return builder;
    }

    /// <summary>A liveness check (the process answers) and a readiness check (a lease grain answers).</summary>
    public static IHostApplicationBuilder AddGatewayHealthChecks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck("process", () => HealthCheckResult.Healthy(), [LiveTag])
            .AddCheck<LeaseGrainReadinessCheck>("lease-grain", tags: [ReadyTag]);
        return builder;
    }
}
