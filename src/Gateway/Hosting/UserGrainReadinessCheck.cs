using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using PortKeeper.Contracts;
using PortKeeper.Grains;
using PortKeeper.Silo.Configuration;

namespace PortKeeper.Gateway.Hosting;

/// <summary>Ready when a user grain (and so its storage) answers within the answer timeout.</summary>
public sealed class UserGrainReadinessCheck(IGrainFactory grains, IOptions<PortKeeperOptions> options) : IHealthCheck
{
    /// <summary>The user probed. The probe only reads, so it never takes a port, even should a user have this name.</summary>
    public const string ProbeUser = ".portkeeper-readiness";

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var timeout = options.Value.AnswerTimeout;
        try
        {
            await grains.User(GrainKeys.DefaultPool, ProbeUser).GetAsync(Contracts.Protocol.Tcp, ProbeUser).WaitAsync(timeout, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"a user grain did not answer within {timeout}");
        }
        catch (Exception e) when (e is not OperationCanceledException && Failures.Classify(e) is var kind && kind != FailureKind.Unexpected)
        {
            // Expected while a node is lost or storage is down: said in words, without a stack trace.
            return HealthCheckResult.Unhealthy($"a user grain failed: {Failures.Describe(kind)} ({e.GetType().Name}: {e.Message})");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("a user grain failed", e);
        }
    }
}
