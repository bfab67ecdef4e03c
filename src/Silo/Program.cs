using Microsoft.Extensions.Hosting;
using PortKeeper.Silo.Configuration;
using PortKeeper.Silo.Hosting;

return await NodeRunner.RunAsync(args, async () =>
{
    var builder = Host.CreateApplicationBuilder(args);
    builder.Configuration.AddPortKeeperCommandLine(args);
    builder.UsePortKeeperLogLevels();
    builder.AddPortKeeperSilo(PortKeeperSettings.Load(builder.Configuration).EnsurePortsFree());
    var host = builder.Build();
    await host.StartAsync();
    return host;
});
