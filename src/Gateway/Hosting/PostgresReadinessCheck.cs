using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;
using PortKeeper.Silo.Configuration;

namespace PortKeeper.Gateway.Hosting;

/// <summary>
/// With <c>--postgres</c>: ready when the database answers a query within the answer timeout.
/// Known keys are still answered while it does not, but no new port can be handed out.
/// Always healthy with the embedded store.
/// </summary>
public sealed class PostgresReadinessCheck(IOptions<PortKeeperOptions> options) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var o = options.Value;
        if (o.Postgres is not { Length: > 0 } postgres)
        {
            return HealthCheckResult.Healthy("embedded storage");
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(o.AnswerTimeout);
        try
        {
            await using var connection = new NpgsqlConnection(postgres);
            await connection.OpenAsync(deadline.Token);
            await using var probe = new NpgsqlCommand("SELECT 1", connection);
            await probe.ExecuteScalarAsync(deadline.Token);
            return HealthCheckResult.Healthy();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"PostgreSQL did not answer within {o.AnswerTimeout}");
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL cannot be reached", e);
        }
    }
}
