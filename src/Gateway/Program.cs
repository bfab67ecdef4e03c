using PortKeeper.Gateway.Cli;
using PortKeeper.Gateway.Endpoints;
using PortKeeper.Gateway.Hosting;
using PortKeeper.Gateway.Status;
using PortKeeper.Gateway.Telemetry;
using PortKeeper.Silo.Configuration;
using PortKeeper.Silo.Hosting;

if (CliCommands.Handles(args)) return await OperatorCli.RunAsync(args);
return await NodeRunner.RunAsync(args, async () =>
{
    var builder = WebApplication.CreateBuilder(PortKeeperCommandLine.ForHost(args));
    builder.Configuration.AddPortKeeperCommandLine(args);
    builder.UsePortKeeperLogLevels();
    builder.UseGatewayDefaults();
    // Under systemd: Type=notify (READY=1 once app.StartAsync below has returned, the node then
    // answering) and log lines with syslog priorities for journald; elsewhere it does nothing.
    builder.Services.AddSystemd();
    var settings = PortKeeperSettings.Load(builder.Configuration).EnsurePortsFree();
    builder.AddPortKeeperNode(settings);
    builder.AddGatewayProblemDetails();
    builder.AddGatewayHealthChecks();
    builder.AddGatewayTelemetry();
    builder.AddOperatorApiDocument();
    builder.AddStatusPage(settings);

    var app = builder.Build();
    app.UseExceptionHandler();
    app.UseStatusCodePages();
    if (settings.Options.Role != NodeRole.Silo)
    {
        app.MapPluginEndpoints();
        app.MapAdminEndpoints();
        app.MapOperatorEndpoints();
        app.MapReservationEndpoints();
        app.MapExportEndpoints();
        app.MapOpenApi();
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
