using Microsoft.Extensions.Hosting;
using PortKeeper.Silo.Configuration;
using PortKeeper.Silo.Hosting;

IHost host;
try
{
    var builder = Host.CreateApplicationBuilder(args);
    builder.Configuration.AddPortKeeperCommandLine(args);
    builder.AddPortKeeperSilo(PortKeeperSettings.Load(builder.Configuration));
    host = builder.Build();
    await host.StartAsync();
}
catch (Exception e) when (e is not HostAbortedException)
{
    var (line, exitCode) = StartupFailure.Describe(e);
    await Console.Error.WriteLineAsync($"portkeeper: {line}");
    return exitCode;
}
await host.WaitForShutdownAsync();
return 0;
