using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Npgsql;
using PortKeeper.Domain;

namespace PortKeeper.Silo.Postgres;

/// <summary>
/// The ports a cluster hands out, one row per service id and pool in <c>portkeeper_range</c>, so
/// that every silo of the cluster decides with the same pools and ranges.
/// </summary>
public static partial class ClusterRange
{
    // Serialises the read-compare-write of the rows across nodes starting at the same moment.
    internal const long LockKey = 0x506F_72_7452_616E; // "PortRan"

    /// <summary>As <see cref="EnsureAsync(string, string, PoolRegistry, bool, ILogger, CancellationToken)"/> for a node with the default pool alone.</summary>
    public static Task EnsureAsync(
        string connectionString, string serviceId, PortRange range, bool acceptChange, ILogger logger, CancellationToken ct) =>
        EnsureAsync(connectionString, serviceId, PoolRegistry.DefaultOnly(range), acceptChange, logger, ct);

    /// <summary>
    /// Records the ranges of <paramref name="pools"/> as the pools of <paramref name="serviceId"/>
    /// when none are recorded, and returns when the recorded pools and ranges are the same. Other
    /// recorded pools (another range, a pool more or less) are replaced when <paramref name="acceptChange"/>,
    /// else start-up stops.
    /// </summary>
    /// <exception cref="StartupException">With <see cref="StartupFailure.ClusterPorts"/>: the cluster's pools differ and the change was not accepted.</exception>
    /// <exception cref="StartupException">With <see cref="StartupFailure.PostgresDatabase"/>: the database cannot be reached or the rows cannot be written.</exception>
    public static async Task EnsureAsync(
        string connectionString, string serviceId, PoolRegistry pools, bool acceptChange, ILogger logger, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(pools);
        ArgumentNullException.ThrowIfNull(logger);
        var target = PostgresSchema.Target.Parse(connectionString);
        // The configured ranges: each node leaves its own listen ports out locally, so nodes on
        // other ports (or hosts) agree on the same cluster range.
        var mine = pools.All.ToDictionary(p => p.Name, p => p.ClusterRange.ToString(), StringComparer.Ordinal);
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
            if (Same(stored, mine))
            {
                return;
            }
            if (stored.Count > 0 && !acceptChange)
            {
                throw new StartupException(StartupFailure.ClusterPorts,
                    $"this node's ports {Describe(mine)} differ from the ports {Describe(stored)} of its cluster (service '{serviceId}' in {target}); " +
                    "start it with the cluster's ports and pools, or add --accept-range-change true to change them for the whole cluster");
            }
            await using (var clear = new NpgsqlCommand("DELETE FROM portkeeper_range WHERE serviceid = $1", connection, transaction))
            {
                clear.Parameters.Add(new NpgsqlParameter { Value = serviceId });
                await clear.ExecuteNonQueryAsync(ct);
            }
            foreach (var (pool, range) in mine)
            {
                await using var write = new NpgsqlCommand(
                    "INSERT INTO portkeeper_range (serviceid, pool, allow_ports, changed_at) VALUES ($1, $2, $3, now())", connection, transaction);
                write.Parameters.Add(new NpgsqlParameter { Value = serviceId });
                write.Parameters.Add(new NpgsqlParameter { Value = pool });
                write.Parameters.Add(new NpgsqlParameter { Value = range });
                await write.ExecuteNonQueryAsync(ct);
            }
            await transaction.CommitAsync(ct);
            var described = Describe(mine);
            if (stored.Count == 0)
            {
                LogRecorded(logger, described, serviceId);
            }
            else
            {
                var before = Describe(stored);
                LogChanged(logger, before, described, serviceId);
            }
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
        {
            throw new StartupException(StartupFailure.PostgresDatabase, $"cannot check the cluster's ports in {target}: {PostgresSchema.Reason(e)}", e);
        }
    }

    /// <summary>The range recorded for the default pool of <paramref name="serviceId"/>, or null.</summary>
    public static async Task<string?> ReadAsync(string connectionString, string serviceId, CancellationToken ct) =>
        (await ReadPoolsAsync(connectionString, serviceId, ct)).GetValueOrDefault(PoolRegistry.DefaultName);

    /// <summary>The range recorded for each pool of <paramref name="serviceId"/>, by pool name; empty when none is.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> ReadPoolsAsync(string connectionString, string serviceId, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        return await StoredAsync(connection, null, serviceId, ct);
    }

    /// <summary>
    /// The pools as start-up names them: the default pool's range, then <c>pool NAME: range</c> for
    /// each other pool by name, separated by <c>; </c>. Pure.
    /// </summary>
    public static string Describe(IReadOnlyDictionary<string, string> pools)
    {
        ArgumentNullException.ThrowIfNull(pools);
        var parts = pools.OrderBy(p => p.Key == PoolRegistry.DefaultName ? "" : p.Key, StringComparer.Ordinal)
            .Select(p => p.Key == PoolRegistry.DefaultName ? p.Value : $"pool {p.Key}: {p.Value}");
        return string.Join("; ", parts);
    }

    private static bool Same(Dictionary<string, string> stored, Dictionary<string, string> mine) =>
        stored.Count == mine.Count && mine.All(p => stored.TryGetValue(p.Key, out var range) && range == p.Value);

    private static async Task<Dictionary<string, string>> StoredAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string serviceId, CancellationToken ct)
    {
        await using var read = new NpgsqlCommand("SELECT pool, allow_ports FROM portkeeper_range WHERE serviceid = $1", connection, transaction);
        read.Parameters.Add(new NpgsqlParameter { Value = serviceId });
        var stored = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var reader = await read.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            stored[reader.GetString(0)] = reader.GetString(1);
        }
        return stored;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recorded allow ports {Range} as the ports of cluster service '{ServiceId}'")]
    private static partial void LogRecorded(ILogger logger, string range, string serviceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Changed the ports of cluster service '{ServiceId}' from {Before} to {After} (--accept-range-change); restart every other node with the new ports")]
    private static partial void LogChanged(ILogger logger, string before, string after, string serviceId);
}
