using System.Text.Json.Nodes;

namespace PortKeeper.Gateway.Plugin;

/// <summary>A request from frps, read and checked: a closed set.</summary>
public abstract record PluginRequest
{
    private PluginRequest() { }

    /// <summary>
    /// A proxy to register. <c>RemotePort</c> is null when the client leaves the port to the
    /// server (absent or 0); <c>User</c> is empty when frpc sets none. <c>Content</c> is the
    /// received content object, every field included, to echo back.
    /// </summary>
    public sealed record NewProxy(
        string ProxyName,
        string ProxyType,
        string? Group,
        int? RemotePort,
        string User,
        JsonObject Content,
        string RunId = "") : PluginRequest;

    /// <summary>A proxy of <c>User</c>'s frpc session <c>RunId</c> (each empty when not sent) closed.</summary>
    public sealed record CloseProxy(string ProxyName, string RunId = "", string User = "") : PluginRequest;

    /// <summary>frps's Ping: frpc session <c>RunId</c> of <c>User</c> sent a heartbeat (each empty when not sent).</summary>
    public sealed record Ping(string User, string RunId) : PluginRequest;

    /// <summary>An op PortKeeper lets through unchanged (Login, NewWorkConn, NewUserConn).</summary>
    public sealed record Passthrough(PluginOp Op) : PluginRequest;

    /// <summary>A structurally invalid request; <c>Message</c> says what is wrong.</summary>
    public sealed record Invalid(string Message) : PluginRequest;
}
