using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace PortKeeper.Silo.Sqlite;

/// <summary>
/// Connections to PortKeeper's SQLite database, each opened with the settings that make an
/// acknowledged write survive <c>kill -9</c> and power loss. Orleans' ADO.NET provider, the
/// schema step, the state catalog and the readiness check all open their connections here.
/// </summary>
/// <remarks>
/// Durability: the database runs in WAL mode (<c>journal_mode=WAL</c>, stored in the file and set
/// by <see cref="SqliteSchema"/>) with <c>synchronous=FULL</c>, which syncs the WAL to disk at
/// every commit: a committed write survives a crash of the process and of the machine. (NORMAL
/// would survive a process crash but could lose the last commits on power loss.) Microsoft.Data.Sqlite's
/// connection string has no keyword for either, and <c>synchronous</c> belongs to the
/// connection, so every open sets it. <c>busy_timeout</c> makes a writer that finds the database
/// locked wait for it rather than fail.
/// </remarks>
public sealed class SqliteDataSource : DbDataSource
{
    /// <summary>Name of the database file inside the data folder.</summary>
    public const string FileName = "portkeeper.db";

    /// <summary>How long a statement waits for a lock held by another connection.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(10);

    private readonly string _connectionString;

    /// <summary>Connections to the database file <paramref name="path"/>, created on first open when missing.</summary>
    public SqliteDataSource(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ConnectionString;
    }

    /// <summary>The full path of the database file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public override string ConnectionString => _connectionString;

    /// <summary>The database of the data folder <paramref name="dataDir"/>.</summary>
    public static SqliteDataSource InDataDirectory(string dataDir) => new(System.IO.Path.Combine(dataDir, FileName));

    /// <inheritdoc />
    protected override DbConnection CreateDbConnection() => new SqliteConnection(_connectionString);

    /// <inheritdoc />
    protected override DbConnection OpenDbConnection()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var settings = Settings(connection);
            settings.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    protected override async ValueTask<DbConnection> OpenDbConnectionAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var settings = Settings(connection);
            await settings.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static SqliteCommand Settings(SqliteConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA synchronous = FULL; PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds};";
        return command;
    }
}
