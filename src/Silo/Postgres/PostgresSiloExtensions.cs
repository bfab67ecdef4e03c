using PortKeeper.Grains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PortKeeper.Silo.Postgres;

/// <summary>Points Orleans silos and clients at PortKeeper's PostgreSQL database.</summary>
public static class PostgresSiloExtensions
{
    /// <summary>The ADO.NET provider invariant of Npgsql.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>
    /// ADO.NET clustering and the <see cref="StorageNames.Provider"/> grain storage on PostgreSQL. The
    /// silo applies the schema (<see cref="PostgresSchema.EnsureAsync"/>) before anything else
    /// starts; start-up fails with <see cref="PostgresSchemaException"/> when it cannot.
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
}
