using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace PortKeeper.Silo.Sqlite;

/// <summary>Creates PortKeeper's SQLite schema (Orleans grain storage) when it is missing.</summary>
public static partial class SqliteSchema
{
    /// <summary>The schema version that <c>deploy/sqlite/portkeeper-schema.sql</c> records.</summary>
    public const int Version = 2;

    private const string ResourceName = "PortKeeper.Silo.Sqlite.portkeeper-schema.sql";

    /// <summary>The schema script embedded in this assembly.</summary>
    public static string Script { get; } = ReadScript();

    /// <summary>
    /// Creates the database file of <paramref name="database"/> (and its folder) when missing, puts
    /// it in WAL mode and applies the schema unless it already has <see cref="Version"/>. Safe when
    /// several processes call it at once: the check and the script run in one BEGIN IMMEDIATE
    /// transaction, which SQLite grants to one connection at a time.
    /// </summary>
    /// <exception cref="StartupException">With <see cref="StartupFailure.SqliteDatabase"/>:
    /// the folder or file cannot be created, opened or written, or the script fails (nothing of it
    /// is kept then). The message names the file.
    /// </exception>
    public static async Task EnsureAsync(SqliteDataSource database, ILogger logger, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(logger);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(database.Path)!);
            await using var connection = (SqliteConnection)await database.OpenConnectionAsync(ct);

            // Stored in the file; it cannot change inside a transaction, so it comes first.
            var mode = await ScalarAsync(connection, null, "PRAGMA journal_mode = WAL", ct) as string;
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                LogNoWal(logger, database.Path, mode);
            }

            // BEGIN IMMEDIATE: takes the write lock before reading the version, so two processes
            // starting at once queue here (busy_timeout) and the second finds the version recorded.
            await using var transaction = connection.BeginTransaction(deferred: false);
            if (await HasVersionAsync(connection, transaction, ct))
            {
                LogAlreadyPresent(logger, Version, database.Path);
                return;
            }
            await using (var script = new SqliteCommand(Script, connection, transaction))
            {
                await script.ExecuteNonQueryAsync(ct);
            }
            await transaction.CommitAsync(ct);
            LogApplied(logger, Version, database.Path);
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new StartupException(StartupFailure.SqliteDatabase, $"cannot open or write the database '{database.Path}': {e.Message}", e);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "SQLite schema version {Version} already present in {Path}")]
    private static partial void LogAlreadyPresent(ILogger logger, int version, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied SQLite schema version {Version} to {Path}")]
    private static partial void LogApplied(ILogger logger, int version, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SQLite database {Path} runs in journal mode {Mode}, not WAL (the file system may lack shared memory); writes stay durable but slower")]
    private static partial void LogNoWal(ILogger logger, string path, string? mode);

    private static async Task<bool> HasVersionAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken ct)
    {
        var exists = await ScalarAsync(connection, transaction, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'portkeeper_schema'", ct);
        return exists is > 0L
            && await ScalarAsync(connection, transaction, $"SELECT count(*) FROM portkeeper_schema WHERE version = {Version}", ct) is > 0L;
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken ct)
    {
        await using var command = new SqliteCommand(sql, connection, transaction);
        return await command.ExecuteScalarAsync(ct);
    }

    private static string ReadScript()
    {
        using var stream = typeof(SqliteSchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
