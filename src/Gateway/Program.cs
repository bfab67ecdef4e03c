using PortKeeper.Gateway.Endpoints;
using PortKeeper.Gateway.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddGatewayOptions();
builder.AddGatewayProblemDetails();
builder.AddGatewayHealthChecks();
builder.UseOrleans(silo => silo.UseLocalhostClustering().AddMemoryGrainStorage(PortKeeper.Grains.StorageNames.Provider));

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapPluginEndpoints();
app.MapHealthEndpoints();
app.Run();

/// <summary>Entry point, public so that tests can host the app.</summary>
public partial class Program;
