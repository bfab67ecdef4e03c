using System.Data.Common;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orleans.Configuration;
using Orleans.Serialization;
using PortKeeper.Grains;
using PortKeeper.Silo.Claims;
using PortKeeper.Silo.Configuration;
using PortKeeper.Silo.Expiry;
using PortKeeper.Silo.Import;
using PortKeeper.Silo.Postgres;
using PortKeeper.Silo.Sqlite;

namespace PortKeeper.Silo.Hosting;

/// <summary>Hosts PortKeeper's silo: clustering, grain storage and the grains' services.</summary>
public static class PortKeeperSiloHosting
{
    /// <summary>
    /// Adds a silo: with <c>--postgres</c>, ADO.NET clustering and storage on that database, the
    /// cluster's range checked before the silo joins, and the silo reachable at
    /// <c>--advertise-address</c>; otherwise localhost clustering and grain storage on SQLite in <c>--data-dir</c>.
    /// Throws <see cref="StartupException"/> for a gateway-only node, which runs no silo.
    /// </summary>
    public static IHostApplicationBuilder AddPortKeeperSilo(this IHostApplicationBuilder builder, PortKeeperSettings settings)
    {
        var o = settings.Options;
        if (o.Role == NodeRole.Gateway)
        {
            throw new StartupException(StartupFailure.Setting, $"{NodeOptions.Role.Switch}: a gateway node runs no silo");
        }
        builder.AddPortKeeperServices(settings);
        builder.Services.Configure<SessionOptions>(s => s.Timeout = o.SessionTimeout);
        builder.Services.Configure<LimitOptions>(l => l.MaxPortsPerUser = o.MaxPortsPerUser);
        builder.UseOrleans(silo =>
        {
            if (o.Postgres is { Length: > 0 } postgres)
            {
                var advertise = AdvertisedAddress(o);
                silo.UsePortKeeperPostgres(postgres)
                    .CheckPortKeeperClusterRange(postgres, settings.Pools, o.AcceptRangeChange)
                    .Configure<ClusterOptions>(c => (c.ClusterId, c.ServiceId) = (o.ClusterId, o.ServiceId))
                    .ConfigureEndpoints(advertise, o.SiloPort, o.GatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(advertise))
                    .Configure<ClusterMembershipOptions>(Membership.Tuned)
                    .Configure<ClusterMembershipOptions>(builder.Configuration.GetSection(Membership.Section));
                if (o.Kubernetes)
                {
                    // Takes the silo's name and address from the pod, and has Kubernetes' view of
                    // pods mark the silos of deleted pods dead.
                    silo.UseKubernetesHosting();
                }
            }
            else
            {
                silo.UseLocalhostClustering(o.SiloPort, o.GatewayPort, null, o.ServiceId, o.ClusterId)
                    .UsePortKeeperSqlite(o.DataDir);
            }
            silo.Configure<GrainDirectoryOptions>(DirectoryCache.Sized);
            silo.AddStartupTask<PoolWarmUp>();
            silo.AddStartupTask<LegacyImportTask>();
        });
        if (o.LeaseExpiry is { } expiry)
        {
            builder.Services.AddHostedService(services => ActivatorUtilities.CreateInstance<LeaseExpirySweep>(services, expiry));
        }
        return builder;
    }

    /// <summary>
    /// Adds an Orleans client instead of a silo (<c>--role gateway</c>): it finds the silos'
    /// gateways in PostgreSQL and keeps retrying until one answers, while the host (and its
    /// readiness check) runs.
    /// </summary>
    public static IHostApplicationBuilder AddPortKeeperClient(this IHostApplicationBuilder builder, PortKeeperSettings settings)
    {
        var o = settings.Options;
        var postgres = o.Postgres is { Length: > 0 } p ? p : throw new StartupException(StartupFailure.Setting,
            $"{NodeOptions.Role.Switch}: gateway needs {NodeOptions.Postgres.Switch}");
        builder.AddPortKeeperServices(settings);
        // The Orleans client waits for a silo; the HTTP endpoints must answer meanwhile.
        builder.Services.Configure<HostOptions>(h => h.ServicesStartConcurrently = true);
        builder.UseOrleansClient(client => client
            .UsePortKeeperPostgres(postgres)
            .Configure<ClusterOptions>(c => (c.ClusterId, c.ServiceId) = (o.ClusterId, o.ServiceId))
            .UseConnectionRetryFilter(async (_, ct) =>
            {
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
                return true;
            }));
        return builder;
    }

    // Both roles: the settings, the options and the pools (registered once), the grains' services,
    // and the stored states, which the gateway answers known proxies from when their grains cannot.
    private static IHostApplicationBuilder AddPortKeeperServices(this IHostApplicationBuilder builder, PortKeeperSettings settings)
    {
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(settings.Pools);
        builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(settings.Options));
        builder.Services.AddPortKeeperGrainServices();
        // A grain's failure reaches its caller on another silo as the exception it was, so that the
        // caller can tell a database down (Npgsql's exceptions) or a conflict (PortKeeper's own) from
        // a defect; Orleans serializes only exceptions of the namespaces named here, and its own.
        builder.Services.Configure<ExceptionSerializationOptions>(o =>
        {
            o.SupportedNamespacePrefixes.Add("Npgsql");
            o.SupportedNamespacePrefixes.Add("PortKeeper");
        });
        // The database that holds grain state, for reads beside Orleans' provider (the state
        // catalog, the readiness check): PostgreSQL, or the data folder's SQLite file.
        if (settings.Options.Postgres is { Length: > 0 } postgres)
        {
            builder.Services.AddSingleton<DbDataSource>(_ => NpgsqlDataSource.Create(postgres));
        }
        else
        {
            builder.Services.AddSingleton<DbDataSource>(services => services.GetRequiredService<SqliteDataSource>());
        }
        builder.Services.AddSingleton(services => new StateCatalog(
            services.GetRequiredService<DbDataSource>(), settings.Options.ServiceId, services.GetRequiredService<Serializer>()));
        builder.Services.AddSingleton<IStoredPorts>(services => new StoredPorts(services.GetRequiredService<StateCatalog>()));
        return builder;
    }

    private static IPAddress AdvertisedAddress(PortKeeperOptions o) =>
        o.AdvertiseAddress is { } text ? IPAddress.Parse(text.Trim()) : IPAddress.Loopback;
}
