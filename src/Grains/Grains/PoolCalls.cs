using Microsoft.Extensions.Logging;
using PortKeeper.Contracts;
using PortKeeper.Domain;

namespace PortKeeper.Grains;

/// <summary>How the user and group grains ask the pool for a port.</summary>
internal static partial class PoolCalls
{
    /// <summary>
    /// Asks <paramref name="pool"/> for the port <paramref name="needs"/> describes, for
    /// <paramref name="key"/>. A pool activation whose write failed (a stale duplicate left by a
    /// membership change, or a storage fault) deactivates itself: one retry reaches a fresh
    /// activation that reads the stored pool. Repeating a grant returns the same port. A port found
    /// by the pool comes from <paramref name="within"/> when given (a user's own ports). Never throws.
    /// </summary>
    public static async Task<Allocation> AllocateAsync(IPortPoolGrain pool, LeaseKey key, LeaseDecision.NeedsPort needs, ILogger logger, PortRange? within = null)
    {
        var outcome = await OnceAsync(pool, key, needs, logger, within?.ToString());
        return outcome is Allocation.Unavailable ? await OnceAsync(pool, key, needs, logger, within?.ToString()) : outcome;
    }

    /// <summary>
    /// Runs a release step of <paramref name="key"/>'s port on the pool
    /// (<see cref="IPortPoolGrain.PrepareReleaseAsync"/> or <see cref="IPortPoolGrain.ReleaseAsync"/>):
    /// true once the pool stored it, false when it could not or did not answer. Never throws.
    /// </summary>
    public static async Task<bool> ReleaseStepAsync(Func<Task<bool>> step, LeaseKey key, ILogger logger)
    {
        try
        {
            return await step();
        }
        catch (Exception e)
        {
            var kind = Failures.Classify(e);
            LogPoolFailed(logger, e, key, kind);
            return false;
        }
    }

    /// <summary>The answer to a request of a pool that this silo is not configured with.</summary>
    public static Allocation.Unavailable NotConfigured(string pool) =>
        new($"pool '{pool}' is not configured on PortKeeper's silos");

    private static async Task<Allocation> OnceAsync(IPortPoolGrain pool, LeaseKey key, LeaseDecision.NeedsPort needs, ILogger logger, string? within)
    {
        try
        {
            return await pool.AllocateAsync(key, needs.Requested, needs.Replacing, within);
        }
        catch (Exception e)
        {
            var kind = Failures.Classify(e);
            LogPoolFailed(logger, e, key, kind);
            return new Allocation.Unavailable($"the port pool did not answer: {Failures.Describe(kind)}");
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "The port pool did not answer for {Key}: {Kind}")]
    private static partial void LogPoolFailed(ILogger logger, Exception e, LeaseKey key, FailureKind kind);
}
