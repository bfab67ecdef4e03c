using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using PortKeeper.Grains;
using PortKeeper.Silo.Import;
using PortKeeper.Silo.Postgres;
using PortKeeper.Silo.Storage;

namespace PortKeeper.Silo.Hosting;

/// <summary>Hosts PortKeeper's silo: clustering, grain storage and the grains' services.</summary>
public static class PortKeeperSiloHosting
{
    /// <summary>
    /// Adds a silo: with <c>--postgres</c>, ADO.NET clustering and storage on that database;
    /// otherwise localhost clustering and the embedded store in <c>--data-dir</c>.
    /// </summary>
    public static IHostApplicationBuilder AddPortKeeperSilo(this IHostApplicationBuilder builder, PortKeeperSettings settings)
    {
        var o = settings.Options;
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(o));
        builder.Services.AddSingleton(settings.Range);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.UseOrleans(silo =>
        {
            if (o.Postgres is { Length: > 0 } postgres)
            {
                silo.UsePortKeeperPostgres(postgres)
                    .Configure<ClusterOptions>(c => (c.ClusterId, c.ServiceId) = (o.ClusterId, o.ServiceId))
                    .ConfigureEndpoints(System.Net.IPAddress.Loopback, o.SiloPort, o.GatewayPort);
            }
            else
            {
                silo.UseLocalhostClustering(o.SiloPort, o.GatewayPort, null, o.ServiceId, o.ClusterId)
                    .AddEmbeddedGrainStorage(StorageNames.Provider, o.DataDir);
            }
            silo.AddStartupTask<PoolWarmUp>();
            silo.AddStartupTask<LegacyImportTask>();
        });
        return builder;
    }
}
