using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using PortKeeper.Silo.Configuration;

namespace PortKeeper.Gateway.Hosting;

/// <summary>
/// Ready when the database of grain state answers within the answer timeout: PostgreSQL a query;
/// the embedded SQLite file a read of its schema version under the write lock, so a file that
/// can no longer be written (read-only, locked, gone) is reported. Known keys are still answered
/// while it is not, but no new port can be handed out.
/// </summary>
public sealed class StorageReadinessCheck(IOptions<PortKeeperOptions> options, DbDataSource database) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var timeout = options.Value.AnswerTimeout;
        var engine = database is Silo.Sqlite.SqliteDataSource ? "SQLite" : "PostgreSQL";
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await using var connection = await database.OpenConnectionAsync(deadline.Token);
            if (connection is SqliteConnection sqlite)
            {
                // BEGIN IMMEDIATE takes the write lock (and fails on a read-only file); rolled
                // back at once, it writes nothing.
                await using var transaction = sqlite.BeginTransaction(deferred: false);
                await using var probe = new SqliteCommand("SELECT max(version) FROM portkeeper_schema", sqlite, transaction);
                await probe.ExecuteScalarAsync(deadline.Token);
            }
            else
            {
                await using var probe = connection.CreateCommand();
                probe.CommandText = "SELECT 1";
                await probe.ExecuteScalarAsync(deadline.Token);
            }
            return HealthCheckResult.Healthy(engine);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{engine} did not answer within {timeout}");
        }
        catch (Exception e) when (e is DbException or System.Net.Sockets.SocketException or TimeoutException or InvalidOperationException)
        {
            // Expected while the database is down: said in words, without a stack trace.
            return HealthCheckResult.Unhealthy($"{engine} cannot be reached or written ({e.GetType().Name}: {e.Message})");
        }
    }
}
