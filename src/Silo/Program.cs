using Microsoft.Extensions.Hosting;
using PortKeeper.Silo.Configuration;
using PortKeeper.Silo.Hosting;

try
{
    var builder = Host.CreateApplicationBuilder(args);
    builder.Configuration.AddPortKeeperCommandLine(args);
    builder.UsePortKeeperLogLevels();
    builder.AddPortKeeperSilo(PortKeeperSettings.Load(builder.Configuration));
    await builder.Build().RunAsync();
    return 0;
}
catch (Exception e) when (PortKeeperConfiguration.StartupError(e) is { } line)
{
    await Console.Error.WriteLineAsync($"portkeeper: {line}");
    return 2;
}
