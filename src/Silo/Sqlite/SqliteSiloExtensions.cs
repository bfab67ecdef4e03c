using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using PortKeeper.Grains;
using PortKeeper.Silo.Claims;
using PortKeeper.Silo.Expiry;
using Orleans.Serialization;
using PortKeeper.Silo.Hosting;

namespace PortKeeper.Silo.Sqlite;

/// <summary>Points a single-node silo's grain storage at PortKeeper's SQLite database in the data folder.</summary>
public static class SqliteSiloExtensions
{
    /// <summary>
    /// The ADO.NET provider invariant of SQLite. Orleans 10.4 keeps the name of the old
    /// System.Data.SQLite driver for it and loads Microsoft.Data.Sqlite's factory under it.
    /// </summary>
    public const string Invariant = "System.Data.SQLite";

    // SQLITE_CONSTRAINT: the claims' primary key refused a second holder of a port.
    private const int SqliteConstraint = 19;

    /// <summary>
    /// The <see cref="StorageNames.Provider"/> grain storage on <c>portkeeper.db</c> in
    /// <paramref name="dataDir"/>, through Orleans' ADO.NET provider. Before anything else starts,
    /// the silo takes the folder's lock (one process per folder) and applies the schema
    /// (<see cref="SqliteSchema.EnsureAsync"/>); start-up fails with an <see cref="IOException"/>
    /// naming the folder when another process holds it, or with <see cref="StartupException"/> (<see cref="StartupFailure.SqliteDatabase"/>)
    /// when the database cannot be opened or written.
    /// </summary>
    public static ISiloBuilder UsePortKeeperSqlite(this ISiloBuilder builder, string dataDir)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDir);

        var database = SqliteDataSource.InDataDirectory(dataDir);
        builder.Services.AddSingleton(database);
        // The provider and the pools' claims write through one connection and share its commits.
        var writers = new SqliteGroupCommit(database);
        builder.Services.AddSingleton(writers);
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services =>
            new FolderParticipant(dataDir, database, services.GetRequiredService<ILogger<FolderParticipant>>(), Meter(services, writers)));
        builder.AddAdoNetGrainStorage(StorageNames.Provider, options =>
        {
            options.Invariant = Invariant;
            options.DataSource = writers;
        });
        builder.Services.AddSingleton<IClaimStore>(services => new SqlClaimStore(
            writers, services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
            e => e is SqliteException { SqliteErrorCode: SqliteConstraint }));
        builder.Services.AddSingleton<IHolderCatalog>(services => new StoredHolders(new StateCatalog(
            database, services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId, services.GetRequiredService<Serializer>())));
        builder.Services.UseBinaryStateSerializer<AdoNetGrainStorageOptions>(StorageNames.Provider);
        return builder;
    }

    // What the group commit shares: commits, and the reads and writes they carried.
    private static Meter Meter(IServiceProvider services, SqliteGroupCommit writers)
    {
        var meter = services.GetRequiredService<IMeterFactory>().Create(PoolMetrics.MeterName);
        meter.CreateObservableCounter("portkeeper.sqlite.commits", () => writers.Commits,
            description: "Commits of the SQLite database, each carrying the work of every writer queued at the time");
        meter.CreateObservableCounter("portkeeper.sqlite.commit.units", () => writers.Units,
            description: "Statements and transactions of grain storage and claims that SQLite commits carried");
        return meter;
    }

    // First of all stages: the provider reads its queries from the schema when it starts, and a
    // second process on the same folder must stop before it touches the database.
    private sealed class FolderParticipant(string dataDir, SqliteDataSource database, ILogger<FolderParticipant> logger, Meter meter)
        : ILifecycleParticipant<ISiloLifecycle>, IDisposable
    {
        private DataDirectoryLock? _lock;

        public void Participate(ISiloLifecycle lifecycle) =>
            lifecycle.Subscribe(nameof(SqliteSchema), ServiceLifecycleStage.First, StartAsync, StopAsync);

        public void Dispose()
        {
            _lock?.Dispose();
            meter.Dispose();
        }

        private async Task StartAsync(CancellationToken ct)
        {
            try
            {
                Directory.CreateDirectory(dataDir);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new StartupException(StartupFailure.SqliteDatabase, $"cannot create the data folder '{Path.GetFullPath(dataDir)}': {e.Message}", e);
            }
            _lock = DataDirectoryLock.Acquire(Path.GetFullPath(dataDir));
            await SqliteSchema.EnsureAsync(database, logger, ct);
        }

        private Task StopAsync(CancellationToken ct)
        {
            _lock?.Dispose();
            _lock = null;
            return Task.CompletedTask;
        }
    }
}
