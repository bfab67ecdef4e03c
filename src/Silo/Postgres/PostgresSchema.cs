using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace PortKeeper.Silo.Postgres;

/// <summary>Creates PortKeeper's PostgreSQL schema (Orleans storage and clustering) when it is missing.</summary>
public static partial class PostgresSchema
{
    /// <summary>The schema version that <c>deploy/postgres/portkeeper-schema.sql</c> records.</summary>
    public const int Version = 6;

    // Key of the session-level advisory lock that serialises schema application across nodes.
    // Arbitrary, but fixed forever: every PortKeeper version must take the same lock.
    internal const long LockKey = 0x506F_72_744B_6565; // "PortKee"

    private const string ResourceName = "PortKeeper.Silo.Postgres.portkeeper-schema.sql";

    /// <summary>The schema script embedded in this assembly.</summary>
    public static string Script { get; } = ReadScript();

    /// <summary>
    /// Applies the schema to the database of <paramref name="connectionString"/> unless it already
    /// has <see cref="Version"/>. Safe when several nodes call it at the same moment: they queue
    /// on one advisory lock and only the first applies the script, in one transaction.
    /// </summary>
    /// <exception cref="StartupException">With <see cref="StartupFailure.PostgresDatabase"/>:
    /// the connection string is invalid, the server cannot be reached or refuses the login, or the
    /// script fails (nothing of it is kept then). The message names host, port and database, never
    /// the password.
    /// </exception>
    public static async Task EnsureAsync(string connectionString, ILogger logger, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(logger);
        var target = Target.Parse(connectionString);

        // No pooling: the advisory lock belongs to the session, which must end with this call.
        await using var connection = new NpgsqlConnection(target.Builder.ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
        {
            throw new StartupException(StartupFailure.PostgresDatabase, $"PostgreSQL at {target} refused the connection: {Reason(e)}", e);
        }

        try
        {
            await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({LockKey})", ct);
            try
            {
                if (await HasVersionAsync(connection, ct))
                {
                    LogAlreadyPresent(logger, Version, target);
                    return;
                }

                await using var transaction = await connection.BeginTransactionAsync(ct);
                await ExecuteAsync(connection, transaction, Script, ct);
                await transaction.CommitAsync(ct);
                LogApplied(logger, Version, target);
            }
            finally
            {
                await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
            }
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
        {
            throw new StartupException(StartupFailure.PostgresDatabase, $"cannot apply schema to {target}: {Reason(e)}", e);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "PostgreSQL schema version {Version} already present in {Target}")]
    private static partial void LogAlreadyPresent(ILogger logger, int version, Target target);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied PostgreSQL schema version {Version} to {Target}")]
    private static partial void LogApplied(ILogger logger, int version, Target target);

    private static async Task<bool> HasVersionAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var exists = new NpgsqlCommand("SELECT to_regclass('portkeeper_schema') IS NOT NULL", connection);
        if (await exists.ExecuteScalarAsync(ct) is not true)
        {
            return false;
        }

        await using var version = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM portkeeper_schema WHERE version = $1)", connection);
        version.Parameters.Add(new NpgsqlParameter { Value = Version });
        return await version.ExecuteScalarAsync(ct) is true;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(ct);
    }

    internal static string Reason(Exception e) => e switch
    {
        PostgresException pg => $"{pg.SqlState} {pg.MessageText}",
        NpgsqlException { InnerException: { } inner } => inner.Message,
        _ => e.Message,
    };

    private static string ReadScript()
    {
        using var stream = typeof(PostgresSchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    internal sealed record Target(NpgsqlConnectionStringBuilder Builder)
    {
        public static Target Parse(string connectionString)
        {
            try
            {
                return new Target(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false });
            }
            catch (ArgumentException e)
            {
                throw new StartupException(StartupFailure.PostgresDatabase, $"invalid PostgreSQL connection string: {e.Message}", e);
            }
        }

        public override string ToString() =>
            $"{Builder.Host}:{Builder.Port} database '{Builder.Database ?? Builder.Username}'";
    }
}
