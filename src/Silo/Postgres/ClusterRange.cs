using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Npgsql;
using PortKeeper.Domain;

namespace PortKeeper.Silo.Postgres;

/// <summary>
/// The port range a cluster hands out, one row per service id in <c>portkeeper_range</c>, so
/// that every silo of the cluster decides with the same range.
/// </summary>
public static partial class ClusterRange
{
    // Serialises the read-compare-write of the row across nodes starting at the same moment.
    internal const long LockKey = 0x506F_72_7452_616E; // "PortRan"

    /// <summary>
    /// Records <paramref name="range"/> as the range of <paramref name="serviceId"/> when none is
    /// recorded, and returns when the recorded range is the same. A different recorded range is
    /// replaced when <paramref name="acceptChange"/>, else start-up stops.
    /// </summary>
    /// <exception cref="ClusterRangeException">The cluster's range differs and the change was not accepted.</exception>
    /// <exception cref="PostgresSchemaException">The database cannot be reached or the row cannot be written.</exception>
    public static async Task EnsureAsync(
        string connectionString, string serviceId, PortRange range, bool acceptChange, ILogger logger, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(range);
        ArgumentNullException.ThrowIfNull(logger);
        var target = PostgresSchema.Target.Parse(connectionString);
        var mine = range.ToString();
        try
        {
            await using var connection = new NpgsqlConnection(target.Builder.ConnectionString);
            await connection.OpenAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await using (var gate = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({LockKey})", connection, transaction))
            {
                await gate.ExecuteNonQueryAsync(ct);
            }
            var stored = await StoredAsync(connection, transaction, serviceId, ct);
            if (stored == mine)
            {
                return;
            }
            if (stored is not null && !acceptChange)
            {
                throw new ClusterRangeException(
                    $"this node's ports {mine} differ from the ports {stored} of its cluster (service '{serviceId}' in {target}); " +
                    "start it with the cluster's ports, or add --accept-range-change true to change them for the whole cluster");
            }
            await using (var write = new NpgsqlCommand(
                """
                INSERT INTO portkeeper_range (serviceid, allow_ports, changed_at) VALUES ($1, $2, now())
                ON CONFLICT (serviceid) DO UPDATE SET allow_ports = excluded.allow_ports, changed_at = excluded.changed_at
                """, connection, transaction))
            {
                write.Parameters.Add(new NpgsqlParameter { Value = serviceId });
                write.Parameters.Add(new NpgsqlParameter { Value = mine });
                await write.ExecuteNonQueryAsync(ct);
            }
            await transaction.CommitAsync(ct);
            if (stored is null)
            {
                LogRecorded(logger, mine, serviceId);
            }
            else
            {
                LogChanged(logger, stored, mine, serviceId);
            }
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
        {
            throw new PostgresSchemaException($"cannot check the cluster's ports in {target}: {PostgresSchema.Reason(e)}", e);
        }
    }

    /// <summary>The range recorded for <paramref name="serviceId"/>, or null.</summary>
    public static async Task<string?> ReadAsync(string connectionString, string serviceId, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        return await StoredAsync(connection, null, serviceId, ct);
    }

    private static async Task<string?> StoredAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string serviceId, CancellationToken ct)
    {
        await using var read = new NpgsqlCommand("SELECT allow_ports FROM portkeeper_range WHERE serviceid = $1", connection, transaction);
        read.Parameters.Add(new NpgsqlParameter { Value = serviceId });
        return await read.ExecuteScalarAsync(ct) as string;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recorded allow ports {Range} as the ports of cluster service '{ServiceId}'")]
    private static partial void LogRecorded(ILogger logger, string range, string serviceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Changed the ports of cluster service '{ServiceId}' from {Before} to {After} (--accept-range-change); restart every other node with the new ports")]
    private static partial void LogChanged(ILogger logger, string before, string after, string serviceId);
}
