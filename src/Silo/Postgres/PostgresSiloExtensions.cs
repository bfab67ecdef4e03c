using Npgsql;
using PortKeeper.Grains;
using PortKeeper.Silo.Claims;
using PortKeeper.Silo.Expiry;
using Orleans.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PortKeeper.Silo.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using PortKeeper.Domain;

namespace PortKeeper.Silo.Postgres;

/// <summary>Points Orleans silos and clients at PortKeeper's PostgreSQL database.</summary>
public static class PostgresSiloExtensions
{
    /// <summary>The ADO.NET provider invariant of Npgsql.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>
    /// ADO.NET clustering and the <see cref="StorageNames.Provider"/> grain storage on PostgreSQL. The
    /// silo applies the schema (<see cref="PostgresSchema.EnsureAsync"/>) before anything else
    /// starts; start-up fails with <see cref="StartupException"/> (<see cref="StartupFailure.PostgresDatabase"/>) when it cannot.
    /// </summary>
    public static ISiloBuilder UsePortKeeperPostgres(this ISiloBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services =>
            new SchemaParticipant(connectionString, services.GetRequiredService<ILogger<SchemaParticipant>>()));
        builder.UseAdoNetClustering(options =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = connectionString;
        });
        builder.AddAdoNetGrainStorage(StorageNames.Provider, options =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = connectionString;
        });
        builder.Services.UseBinaryStateSerializer<AdoNetGrainStorageOptions>(StorageNames.Provider);
        var database = NpgsqlDataSource.Create(connectionString);
        builder.Services.AddSingleton<IClaimStore>(services => new SqlClaimStore(
            database, services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
            e => e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }));
        builder.Services.AddSingleton<IHolderCatalog>(services => new StoredHolders(new StateCatalog(
            database, services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId, services.GetRequiredService<Serializer>())));
        return builder;
    }

    /// <summary>
    /// Checks, once the schema exists and before the silo joins, that <paramref name="pools"/> are
    /// the pools and ranges of the cluster's service id (<see cref="ClusterRange.EnsureAsync(string, string, PoolRegistry, bool, ILogger, CancellationToken)"/>):
    /// start-up fails with <see cref="StartupException"/> (<see cref="StartupFailure.ClusterPorts"/>) when they differ, unless <paramref name="acceptChange"/>.
    /// </summary>
    public static ISiloBuilder CheckPortKeeperClusterRange(this ISiloBuilder builder, string connectionString, PoolRegistry pools, bool acceptChange)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services => new RangeParticipant(
            connectionString, pools, acceptChange,
            services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
            services.GetRequiredService<ILogger<RangeParticipant>>()));
        return builder;
    }

    /// <summary>
    /// ADO.NET clustering for an Orleans client (a gateway-only node): it finds the silos' gateways
    /// in PostgreSQL. It does not create the schema; the silos do.
    /// </summary>
    public static IClientBuilder UsePortKeeperPostgres(this IClientBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        return builder.UseAdoNetClustering(options =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = connectionString;
        });
    }

    // Runs at the very first lifecycle stage, so the schema exists before membership and storage
    // read their queries from it.
    private sealed class SchemaParticipant(string connectionString, ILogger<SchemaParticipant> logger)
        : ILifecycleParticipant<ISiloLifecycle>
    {
        public void Participate(ISiloLifecycle lifecycle) =>
            lifecycle.Subscribe(
                nameof(PostgresSchema),
                ServiceLifecycleStage.First,
                ct => PostgresSchema.EnsureAsync(connectionString, logger, ct));
    }

    // Right after the schema stage: a node with the wrong range must not join the cluster at all.
    private sealed class RangeParticipant(string connectionString, PoolRegistry pools, bool acceptChange, string serviceId, ILogger<RangeParticipant> logger)
        : ILifecycleParticipant<ISiloLifecycle>
    {
        public void Participate(ISiloLifecycle lifecycle) =>
            lifecycle.Subscribe(
                nameof(ClusterRange),
                ServiceLifecycleStage.First + 1,
                ct => ClusterRange.EnsureAsync(connectionString, serviceId, pools, acceptChange, logger, ct));
    }
}
