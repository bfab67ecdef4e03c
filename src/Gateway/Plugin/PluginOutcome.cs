using PortKeeper.Contracts;
using PortKeeper.Grains;

namespace PortKeeper.Gateway.Plugin;

/// <summary>How a request ended: a closed set, each case one answer for frps.</summary>
public abstract record PluginOutcome
{
    private PluginOutcome() { }

    /// <summary>Nothing to change: passthrough ops, CloseProxy, proxy types that take no port.</summary>
    public sealed record Unchanged : PluginOutcome;

    /// <summary>The request was structurally invalid.</summary>
    public sealed record Invalid(string Message) : PluginOutcome;

    /// <summary>The user's grain (or its group's) answered <paramref name="Allocation"/> for <paramref name="Request"/>.</summary>
    public sealed record Leased(PluginRequest.NewProxy Request, LeaseKey Key, Allocation Allocation) : PluginOutcome;

    /// <summary>
    /// The user's grain did not answer in time (<paramref name="Cause"/> null) or failed for
    /// <paramref name="Cause"/>, and storage holds <paramref name="Port"/> for the known proxy (or its group):
    /// answered with it, as the grain would have.
    /// </summary>
    public sealed record FromStorage(PluginRequest.NewProxy Request, LeaseKey Key, int Port, FailureKind? Cause) : PluginOutcome;

    /// <summary>A tcp/udp proxy without a user, while user-less proxies are not allowed.</summary>
    public sealed record NoUser(string ProxyName) : PluginOutcome;

    /// <summary>
    /// The user's grain did not answer within <paramref name="Deadline"/> (<paramref name="Cause"/> null),
    /// or failed for <paramref name="Cause"/>.
    /// </summary>
    public sealed record NotRecorded(string ProxyName, TimeSpan Deadline, FailureKind? Cause = null) : PluginOutcome;

    /// <summary>Handling failed in an unexpected way (logged).</summary>
    public sealed record Faulted(PluginOp? Op) : PluginOutcome;
}
