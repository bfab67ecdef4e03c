using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Storage;
using PortKeeper.Grains;
using PortKeeper.Silo.Configuration;
using PortKeeper.Silo.Storage;

namespace PortKeeper.Gateway.Hosting;

/// <summary>
/// Ready when storage can take a write: with <c>--postgres</c>, the database answers a query
/// within the answer timeout; with the embedded store, its log is open and no write has failed.
/// Known keys are still answered while it is not, but no new port can be handed out.
/// </summary>
public sealed class StorageReadinessCheck(IOptions<PortKeeperOptions> options, IServiceProvider services) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var o = options.Value;
        if (o.Postgres is not { Length: > 0 } postgres)
        {
            return services.GetKeyedService<IGrainStorage>(StorageNames.Provider) is EmbeddedGrainStorage { IsHealthy: false } embedded
                ? HealthCheckResult.Unhealthy("the embedded store cannot write", embedded.LastWriteError)
                : HealthCheckResult.Healthy("embedded storage");
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
