using PortKeeper.Gateway.Endpoints;
using PortKeeper.Gateway.Hosting;
using PortKeeper.Gateway.Status;
using PortKeeper.Gateway.Telemetry;
using PortKeeper.Silo.Configuration;
using PortKeeper.Silo.Hosting;

return await NodeRunner.RunAsync(args, async () =>
{
    var builder = WebApplication.CreateBuilder(PortKeeperCommandLine.ForHost(args));
    builder.Configuration.AddPortKeeperCommandLine(args);
    builder.UsePortKeeperLogLevels();
    builder.UseGatewayDefaults();
    var settings = PortKeeperSettings.Load(builder.Configuration).EnsurePortsFree();
    builder.AddPortKeeperNode(settings);
    builder.AddGatewayProblemDetails();
    builder.AddGatewayHealthChecks();
    builder.AddGatewayTelemetry();
    builder.AddStatusPage(settings);

    var app = builder.Build();
    app.UseExceptionHandler();
    app.UseStatusCodePages();
    if (settings.Options.Role != NodeRole.Silo)
    {
        app.MapPluginEndpoints();
        app.MapAdminEndpoints();
        app.UseStatusPage(settings);
    }
    app.MapHealthEndpoints();
    app.MapTelemetryEndpoints();
    await app.StartAsync();
    NodeSummary.LogWhenStarted(app, settings, () => app.Urls);
    return app;
});

/// <summary>Entry point, public so that tests can host the app.</summary>
public partial class Program;
