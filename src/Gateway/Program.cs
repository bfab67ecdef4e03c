using PortKeeper.Gateway.Endpoints;
using PortKeeper.Gateway.Hosting;
using PortKeeper.Silo.Configuration;
using PortKeeper.Silo.Hosting;

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.Configuration.AddPortKeeperCommandLine(args);
    builder.UsePortKeeperLogLevels();
    builder.UseGatewayDefaults();
    builder.AddPortKeeperSilo(PortKeeperSettings.Load(builder.Configuration));
    builder.AddGatewayProblemDetails();
    builder.AddGatewayHealthChecks();

    var app = builder.Build();
    app.UseExceptionHandler();
    app.UseStatusCodePages();
    app.MapPluginEndpoints();
    app.MapHealthEndpoints();
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (PortKeeperConfiguration.StartupError(e) is { } line)
{
    await Console.Error.WriteLineAsync($"portkeeper: {line}");
    return 2;
}

/// <summary>Entry point, public so that tests can host the app.</summary>
public partial class Program;
