using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using PortKeeper.Contracts;
using PortKeeper.Grains;

namespace PortKeeper.Gateway.Plugin;

/// <summary>Turns an outcome into the one answer frps gets for it.</summary>
public static class PluginAnswers
{
    /// <summary>
    /// The wire answer of <paramref name="outcome"/>: 400 VALIDATEERR for a structural fault,
    /// else 200 with a granted port echoed in the full content, an unchanged pass, or a
    /// rejection whose reason tells the frpc user what to do. A port outside the range that is
    /// one of <paramref name="reserved"/> is refused as frps's or PortKeeper's own port.
    /// </summary>
    public static Results<Ok<PluginResponse>, BadRequest<ValidationError>> For(PluginOutcome outcome, ReservedPorts? reserved = null) => outcome switch
    {
        PluginOutcome.Invalid(var message) => TypedResults.BadRequest(ValidationError.Of(message)),
        PluginOutcome.Unchanged => Ok(PluginResponse.Unchanged),
        PluginOutcome.Leased(var request, _, Allocation.Granted(var port, _)) =>
            Ok(PluginResponse.Changed(WithRemotePort(request.Content, port))),
        PluginOutcome.FromStorage(var request, _, var port, _) =>
            Ok(PluginResponse.Changed(WithRemotePort(request.Content, port))),
        PluginOutcome.Leased(var request, var key, Allocation.HeldByAnother(var port)) => Reject(
            $"{Name(key)} port {port} is already kept for another proxy, so proxy '{request.ProxyName}' cannot have it; "
            + "remove remotePort from its frpc config to get a port of its own that stays the same, or choose another port"),
        PluginOutcome.Leased(var request, var key, Allocation.NotInRange(var port, var range)) when reserved?.Frps.Contains(port) == true => Reject(
            $"{Name(key)} port {port} of proxy '{request.ProxyName}' is used by frps itself, so no proxy can have it; "
            + $"remove remotePort from its frpc config or choose another port of {range}"),
        PluginOutcome.Leased(var request, var key, Allocation.NotInRange(var port, var range))
            when reserved?.Own.GetValueOrDefault(port) is { } option => Reject(
            $"{Name(key)} port {port} of proxy '{request.ProxyName}' is used by PortKeeper itself (its {option}), so no proxy can have it; "
            + $"remove remotePort from its frpc config or choose another port of {range}"),
        PluginOutcome.Leased(var request, var key, Allocation.NotInRange(var port, var range)) => Reject(
            $"{Name(key)} port {port} of proxy '{request.ProxyName}' is outside the ports this server hands out ({range}); "
            + "remove remotePort from its frpc config or choose a port in that range"),
        PluginOutcome.Leased(var request, var key, Allocation.PortReserved(var port)) => Reject(
            $"{Name(key)} port {port} is reserved by the frps operator, so proxy '{request.ProxyName}' cannot have it; "
            + "remove remotePort from its frpc config to get a port of its own that stays the same, or choose another port"),
        PluginOutcome.Leased(var request, var key, Allocation.PoolFull(var range)) => Reject(
            $"no free {Name(key)} port left for proxy '{request.ProxyName}': every port of {range} is kept for another proxy; "
            + "ask the frps operator to widen the allowed ports or release unused ones"),
        PluginOutcome.Leased(var request, var key, Allocation.GroupHolds(var group, var port)) => Reject(
            $"proxy '{request.ProxyName}' is in group '{group}', whose {Name(key)} port is {port}; "
            + $"set remotePort = {port} (or remove remotePort) in its frpc config, as every member of the group shares that port"),
        PluginOutcome.Leased(var request, var key, Allocation.LimitReached(var max)) => Reject(
            $"user '{key.User}' already holds {max} port{(max == 1 ? "" : "s")}, the most this server allows the user, so proxy '{request.ProxyName}' gets none; "
            + "remove a proxy the user no longer needs (the frps operator can release its port), or ask the operator to raise the user's limit"),
        PluginOutcome.Leased(var request, var key, Allocation.OutsideUserPorts(var port, var ports)) => Reject(
            $"{Name(key)} port {port} of proxy '{request.ProxyName}' is outside the ports this server allows user '{key.User}' ({ports}); "
            + "remove remotePort from its frpc config to get one of them, or choose a port in that range"),
        PluginOutcome.Leased(var request, _, Allocation.Unavailable(var reason)) => Reject(
            $"PortKeeper could not record a port for proxy '{request.ProxyName}': {reason}; frpc retries by itself"),
        PluginOutcome.NoUser(var proxyName) => Reject(
            $"proxy '{proxyName}' has no user: set user = \"<your name>\" in the frpc config, "
            + "so this server can keep the same remote port for it"),
        PluginOutcome.NotRecorded(var proxyName, var deadline, null) => Reject(
            $"PortKeeper could not record a port for proxy '{proxyName}': no answer within {Seconds(deadline)} s "
            + "(a node of its cluster may be down, or its storage slow); frpc retries by itself"),
        PluginOutcome.NotRecorded(var proxyName, _, FailureKind cause) => Reject(
            $"PortKeeper could not record a port for proxy '{proxyName}': {Failures.Describe(cause)}; frpc retries by itself"),
        PluginOutcome.Faulted(var op) => Reject(
            $"PortKeeper failed to handle {op?.ToString() ?? "this request"} (the error is in its log); frpc retries by itself"),
        _ => throw new UnreachableException($"no answer for {outcome}"),
    };

    /// <summary>A copy of <paramref name="content"/>, every field kept, with <c>remote_port</c> set.</summary>
    public static JsonObject WithRemotePort(JsonObject content, int port)
    {
        var copy = (JsonObject)content.DeepClone();
        copy["remote_port"] = port;
        return copy;
    }

    private static Ok<PluginResponse> Ok(PluginResponse response) => TypedResults.Ok(response);

    private static Ok<PluginResponse> Reject(string reason) => TypedResults.Ok(PluginResponse.Rejected(reason));

    private static string Name(LeaseKey key) => key.Protocol.Name();

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}
