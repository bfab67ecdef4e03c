using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using PortKeeper.Silo.Configuration;
using PortKeeper.Silo.Hosting;

namespace PortKeeper.Gateway.Hosting;

/// <summary>Service registrations of the gateway.</summary>
public static class GatewayHosting
{
    /// <summary>Tag of the checks behind <c>/healthz/live</c>.</summary>
    public const string LiveTag = "live";

    /// <summary>Tag of the checks behind <c>/healthz/ready</c>.</summary>
    public const string ReadyTag = "ready";

    /// <summary>The listen address frps plugin examples use, unless <c>--urls</c> or ASPNETCORE_URLS says otherwise.</summary>
    public const string DefaultUrls = PortKeeperCommandLine.DefaultUrls;

    /// <summary>
    /// Listens on <see cref="DefaultUrls"/> when no address is configured, with Kestrel's limits set
    /// for frps (<see cref="GatewayLimits"/>) unless <c>Kestrel:Limits</c> says otherwise.
    /// </summary>
    public static IHostApplicationBuilder UseGatewayDefaults(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrls);
        }
        var configured = builder.Configuration.GetSection(GatewayLimits.Section);
        builder.Services.AddOptions<KestrelServerOptions>()
            .Configure<IOptions<PortKeeperOptions>>((kestrel, options) => GatewayLimits.Apply(kestrel.Limits, options.Value.MaxBodyBytes, configured));
        return builder;
    }

    /// <summary>
    /// A co-hosted silo, or with <c>--role gateway</c> an Orleans client of dedicated silos; either
    /// registers the node's pools, whose paths the plugin serves and whose reserved ports refusals name.
    /// </summary>
    public static IHostApplicationBuilder AddPortKeeperNode(this IHostApplicationBuilder builder, PortKeeperSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Options.Role == NodeRole.Gateway ? builder.AddPortKeeperClient(settings) : builder.AddPortKeeperSilo(settings);
    }

    /// <summary>
    /// JSON problem details for every error outside the plugin path: never an HTML page, and a 503
    /// in words for an expected failure (<see cref="ExpectedFailureHandler"/>).
    /// </summary>
    public static IHostApplicationBuilder AddGatewayProblemDetails(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ExpectedFailureHandler>();
        return builder;
    }

    /// <summary>
    /// A liveness check (the process answers) and readiness checks: a user grain answers (the
    /// cluster is reachable), and with <c>--postgres</c> the database answers.
    /// </summary>
    public static IHostApplicationBuilder AddGatewayHealthChecks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck("process", () => HealthCheckResult.Healthy(), [LiveTag])
            .AddCheck<UserGrainReadinessCheck>("user-grain", tags: [ReadyTag])
            .AddCheck<StorageReadinessCheck>("storage", tags: [ReadyTag]);
        return builder;
    }
}
