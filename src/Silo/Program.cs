using Microsoft.Extensions.Hosting;
using PortKeeper.Silo.Configuration;
using PortKeeper.Silo.Hosting;

return await NodeRunner.RunAsync(args, async () =>
{
    var builder = Host.CreateApplicationBuilder(PortKeeperCommandLine.ForHost(args));
    builder.Configuration.AddPortKeeperCommandLine(args);
    builder.UsePortKeeperLogLevels();
    var settings = PortKeeperSettings.Load(builder.Configuration).EnsurePortsFree();
    builder.AddPortKeeperSilo(settings);
    var host = builder.Build();
    await host.StartAsync();
    NodeSummary.LogWhenStarted(host, settings, () => []);
    return host;
});
