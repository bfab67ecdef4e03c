using System.Diagnostics;
using PortKeeper.Contracts;
using PortKeeper.Domain;

namespace PortKeeper.Gateway.Plugin;

/// <summary>What the endpoint must do for a request: a closed set.</summary>
public abstract record PluginStep
{
    private PluginStep() { }

    /// <summary>Answer at once, with no grain call.</summary>
    public sealed record Answer(PluginOutcome Outcome) : PluginStep;

    /// <summary>Ask the grain of <paramref name="User"/> for the port of <paramref name="Key"/>.</summary>
    public sealed record Acquire(PluginRequest.NewProxy Request, LeaseKey Key, string User, ProxyRequest Proxy) : PluginStep;

    /// <summary>Tell the grain of <paramref name="User"/> that its proxy went offline, then answer unchanged.</summary>
    public sealed record Close(string ProxyName, string User, string RunId = "") : PluginStep;

    /// <summary>Tell the grain of <paramref name="User"/> that its frpc session <paramref name="RunId"/> is alive, without waiting, then answer unchanged.</summary>
    public sealed record Heard(string User, string RunId) : PluginStep;

    /// <summary>
    /// Decides the step for <paramref name="request"/>. A tcp/udp NewProxy without a user is
    /// refused unless <paramref name="allowEmptyUser"/>. CloseProxy carries no proxy type, so the
    /// user closes the tcp and the udp lease of the proxy name (and tells the group of a grouped one). A
    /// Ping with a run id reaches its user (a Ping of no user only when <paramref name="allowEmptyUser"/>).
    /// </summary>
    public static PluginStep For(PluginRequest request, bool allowEmptyUser) => request switch
    {
        PluginRequest.Invalid(var message) => new Answer(new PluginOutcome.Invalid(message)),
        PluginRequest.Passthrough => new Answer(new PluginOutcome.Unchanged()),
        PluginRequest.CloseProxy(var name, var runId, var user) => new Close(name, user, runId),
        PluginRequest.Ping(var user, var runId) when runId.Length > 0 && (user.Length > 0 || allowEmptyUser) => new Heard(user, runId),
        PluginRequest.Ping => new Answer(new PluginOutcome.Unchanged()),
        PluginRequest.NewProxy proxy => LeaseKeys.For(proxy.ProxyType, proxy.User, proxy.ProxyName, proxy.Group) switch
        {
            null => new Answer(new PluginOutcome.Unchanged()),
            _ when proxy.User.Length == 0 && !allowEmptyUser => new Answer(new PluginOutcome.NoUser(proxy.ProxyName)),
            LeaseKey key => new Acquire(
                proxy, key, proxy.User, new ProxyRequest(key.Protocol, proxy.ProxyName, proxy.RemotePort, proxy.RunId, proxy.Group)),
        },
        _ => throw new UnreachableException($"unknown request {request}"),
    };
}
