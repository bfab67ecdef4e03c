using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace PortKeeper.Gateway.Plugin;

/// <summary>
/// The answer frps reads: <c>{"reject":..,"reject_reason":..,"unchange":..,"content":{..}}</c>.
/// <c>unchange</c> is always written, since frps takes a missing one as false and would wipe
/// the proxy; <c>content</c> is written only with <c>unchange: false</c>.
/// </summary>
public sealed record PluginResponse(
    [property: JsonPropertyName("reject")] bool Reject,
    [property: JsonPropertyName("reject_reason"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RejectReason,
    [property: JsonPropertyName("unchange")] bool Unchange,
    [property: JsonPropertyName("content"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonObject? Content)
{
    /// <summary><c>{"reject":false,"unchange":true}</c>.</summary>
    public static PluginResponse Unchanged { get; } = new(false, null, true, null);

    /// <summary>Accepts the proxy with <paramref name="content"/> replacing the received content.</summary>
    public static PluginResponse Changed(JsonObject content) => new(false, null, false, content);

    /// <summary>Refuses the proxy; frps shows <paramref name="reason"/> to the frpc user.</summary>
    public static PluginResponse Rejected(string reason) => new(true, reason, true, null);
}
