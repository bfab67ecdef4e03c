using PortKeeper.Gateway.Endpoints;
using PortKeeper.Gateway.Hosting;
using PortKeeper.Gateway.Telemetry;
using PortKeeper.Silo.Configuration;
using PortKeeper.Silo.Hosting;

WebApplication app;
try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.Configuration.AddPortKeeperCommandLine(args);
    builder.UseGatewayDefaults();
    builder.AddPortKeeperSilo(PortKeeperSettings.Load(builder.Configuration));
    builder.AddGatewayProblemDetails();
    builder.AddGatewayHealthChecks();
    builder.AddGatewayTelemetry();

    app = builder.Build();
    app.UseExceptionHandler();
    app.UseStatusCodePages();
    app.MapPluginEndpoints();
    app.MapHealthEndpoints();
    app.MapTelemetryEndpoints();
    await app.StartAsync();
}
catch (Exception e) when (e is not HostAbortedException)
{
    var (line, exitCode) = StartupFailure.Describe(e);
    await Console.Error.WriteLineAsync($"portkeeper: {line}");
    return exitCode;
}
await app.WaitForShutdownAsync();
return 0;

/// <summary>Entry point, public so that tests can host the app.</summary>
public partial class Program;
