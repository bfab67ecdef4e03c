using PortKeeper.Domain;
using PortKeeper.Grains;

namespace PortKeeper.Gateway.Plugin;

/// <summary>
/// When a NewProxy whose user's grain is late or failed is answered from storage, and with what:
/// a known proxy keeps its port through the loss of the node its grain lived on.
/// </summary>
public static class StoredAnswers
{
    /// <summary>
    /// How long the grain has before storage is read as well: half the deadline, at most 1 s. A
    /// known proxy is answered in about a millisecond, so a grain this late is on a node being lost
    /// (or one too busy); the grain still has until the deadline to answer a new proxy.
    /// </summary>
    public static TimeSpan Patience(TimeSpan deadline) => TimeSpan.FromTicks(Math.Min(deadline.Ticks / 2, TimeSpan.TicksPerSecond));

    /// <summary>Whether storage may answer after the grain failed for <paramref name="cause"/>: a node lost, state moving, storage down; never a defect.</summary>
    public static bool Covers(FailureKind cause) => cause != FailureKind.Unexpected;

    /// <summary>
    /// The answer of <paramref name="held"/>, the port storage holds for the request's proxy (or its
    /// group): that port when the grain would answer the request with it (<see cref="Leases.AnswersWith"/>),
    /// else null (a new proxy, one asking for another port, one whose port the range no longer holds).
    /// </summary>
    public static PluginOutcome.FromStorage? For(PluginStep.Acquire step, int? held, PortRange range, FailureKind? cause)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(range);
        return held is int port && Leases.AnswersWith(port, step.Proxy.RequestedPort, range)
            ? new PluginOutcome.FromStorage(step.Request, step.Key, port, cause)
            : null;
    }
}
