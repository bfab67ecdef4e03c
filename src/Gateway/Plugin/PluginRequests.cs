using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using PortKeeper.Domain;

namespace PortKeeper.Gateway.Plugin;

/// <summary>Reads the body and <c>op</c> query parameter of a frps plugin call.</summary>
public static class PluginRequests
{
    private static readonly FrozenDictionary<string, PluginOp> Ops =
        Enum.GetValues<PluginOp>().ToFrozenDictionary(op => op.ToString(), StringComparer.Ordinal);

    private static readonly string KnownOps = string.Join(", ", Enum.GetNames<PluginOp>());

    /// <summary>
    /// Parses a UTF-8 JSON body of the form <c>{"op": ..., "content": {...}}</c>, the op being
    /// taken from the body and from <paramref name="queryOp"/>. Never throws: a structural
    /// fault comes back as <see cref="PluginRequest.Invalid"/> saying what is wrong. A body that
    /// fails <see cref="PluginJson.Problem"/>, and a user, proxy or group name that fails
    /// <see cref="PluginText.NameProblem"/>, is such a fault; a Ping of such a user names no user.
    /// </summary>
    public static PluginRequest Parse(ReadOnlySpan<byte> body, string? queryOp)
    {
        if (PluginJson.Problem(body) is { } problem)
        {
            return Invalid(problem);
        }
        if (JsonNode.Parse(body) is not JsonObject request)
        {
            return Invalid("the body must be a JSON object like {\"op\":\"NewProxy\",\"content\":{...}}");
        }
        return OpOf(request, queryOp) switch
        {
            Parsed<PluginOp>.Ok(var op) => Of(request, op),
            Parsed<PluginOp>.Error(var opProblem) => Invalid(opProblem),
            var other => throw new InvalidOperationException($"unknown parse {other}"),
        };
    }

    private static PluginRequest Of(JsonObject request, PluginOp op)
    {
        if (request["content"] is not JsonObject content)
        {
            return Invalid(request["content"] is null
                ? $"{op} has no \"content\" object"
                : $"\"content\" of {op} must be an object");
        }
        return op switch
        {
            PluginOp.NewProxy => NewProxy(content),
            PluginOp.CloseProxy => CloseProxy(content),
            PluginOp.Ping when PluginText.NameProblem("user.user", UserName(content)) is null => new PluginRequest.Ping(UserName(content), RunId(content)),
            PluginOp.Ping => new PluginRequest.Ping("", ""),
            _ => new PluginRequest.Passthrough(op),
        };
    }

    /// <summary>A request refused as over the size limit.</summary>
    public static PluginRequest TooLarge(long limit) => Invalid($"the body is over the limit of {limit} bytes");

    /// <summary>A request whose body could not be read to its end (broken chunked framing, a body shorter than its length).</summary>
    public static PluginRequest Unreadable(string reason) => Invalid($"the body could not be read: {reason}");

    private static Parsed<PluginOp> OpOf(JsonObject request, string? queryOp)
    {
        var node = request["op"];
        if (node is not null && node.GetValueKind() != JsonValueKind.String)
        {
            return new Parsed<PluginOp>.Error($"\"op\" must be a string, not {Shown(node)}");
        }
        var bodyOp = NullIfEmpty(node?.GetValue<string>());
        var query = NullIfEmpty(queryOp);
        if (bodyOp is not null && query is not null && !string.Equals(bodyOp, query, StringComparison.Ordinal))
        {
            return new Parsed<PluginOp>.Error($"the op in the body ({PluginText.Shown(bodyOp)}) differs from the op query parameter ({PluginText.Shown(query)})");
        }
        return (bodyOp ?? query) switch
        {
            null => new Parsed<PluginOp>.Error($"no op: expected \"op\" in the body or the op query parameter, one of {KnownOps}"),
            string name when Ops.TryGetValue(name, out var op) => new Parsed<PluginOp>.Ok(op),
            string name => new Parsed<PluginOp>.Error($"unknown op {PluginText.Shown(name)}; expected one of {KnownOps}"),
        };
    }

    private static PluginRequest NewProxy(JsonObject content) =>
        (RequiredString(content, "proxy_name"), RequiredString(content, "proxy_type")) switch
        {
            (Parsed<string>.Error(var problem), _) => Invalid(problem),
            (_, Parsed<string>.Error(var problem)) => Invalid(problem),
            (Parsed<string>.Ok(var proxyName), Parsed<string>.Ok(var proxyType)) => NewProxy(content, proxyName, proxyType),
            var other => throw new InvalidOperationException($"unknown parse {other}"),
        };

    private static PluginRequest NewProxy(JsonObject content, string proxyName, string proxyType)
    {
        if (PluginText.NameProblem("proxy_name", proxyName) is { } badName)
        {
            return Invalid(badName);
        }
        if (content["group"] is JsonNode group && group.GetValueKind() != JsonValueKind.String)
        {
            return Invalid($"\"group\" of proxy '{proxyName}' must be a string");
        }
        if (content["group"]?.GetValue<string>() is { } groupName && PluginText.NameProblem("group", groupName) is { } badGroup)
        {
            return Invalid(badGroup);
        }
        var remotePort = content["remote_port"];
        int? port = null;
        if (remotePort is not null)
        {
            if (remotePort.GetValueKind() != JsonValueKind.Number
                || !remotePort.AsValue().TryGetValue<int>(out var value)
                || (value != 0 && !PortRange.IsPort(value)))
            {
                return Invalid($"\"remote_port\" of proxy '{proxyName}' must be an integer from 0 to 65535, not {Shown(remotePort)}");
            }
            port = value == 0 ? null : value;
        }
        var user = content["user"];
        if (user is not null and not JsonObject)
        {
            return Invalid($"\"user\" of proxy '{proxyName}' must be an object like {{\"user\":\"name\"}}");
        }
        var userName = user?["user"];
        if (userName is not null && userName.GetValueKind() != JsonValueKind.String)
        {
            return Invalid($"\"user.user\" of proxy '{proxyName}' must be a string");
        }
        if (userName?.GetValue<string>() is { } named && PluginText.NameProblem("user.user", named) is { } badUser)
        {
            return Invalid(badUser);
        }
        return new PluginRequest.NewProxy(
            proxyName,
            proxyType,
            NullIfEmpty(content["group"]?.GetValue<string>()),
            port,
            userName?.GetValue<string>() ?? "",
            content,
            RunId(content));
    }

    private static PluginRequest CloseProxy(JsonObject content) =>
        RequiredString(content, "proxy_name") switch
        {
            Parsed<string>.Ok(var name) when (PluginText.NameProblem("proxy_name", name) ?? PluginText.NameProblem("user.user", UserName(content))) is { } bad => Invalid(bad),
            Parsed<string>.Ok(var name) => new PluginRequest.CloseProxy(name, RunId(content), UserName(content)),
            Parsed<string>.Error(var problem) => Invalid(problem),
            var other => throw new InvalidOperationException($"unknown parse {other}"),
        };

    // CloseProxy and Ping are answered unchanged whatever they hold, so a missing or mistyped user is simply empty.
    private static string UserName(JsonObject content) =>
        content["user"] is JsonObject user && user["user"] is JsonValue name && name.GetValueKind() == JsonValueKind.String
            ? name.GetValue<string>()
            : "";

    // frpc's session id; informational, so a missing or mistyped one is simply empty.
    private static string RunId(JsonObject content) =>
        content["user"] is JsonObject user && user["run_id"] is JsonValue id && id.GetValueKind() == JsonValueKind.String
            ? id.GetValue<string>()
            : "";

    private static Parsed<string> RequiredString(JsonObject content, string field) =>
        content[field] switch
        {
            null => new Parsed<string>.Error($"\"content.{field}\" is missing"),
            JsonNode node when node.GetValueKind() != JsonValueKind.String =>
                new Parsed<string>.Error($"\"content.{field}\" must be a string, not {Shown(node)}"),
            JsonNode node when node.GetValue<string>().Length == 0 => new Parsed<string>.Error($"\"content.{field}\" is empty"),
            JsonNode node => new Parsed<string>.Ok(node.GetValue<string>()),
        };

    private static string Shown(JsonNode node) => PluginText.Shown(node.ToJsonString());

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static PluginRequest.Invalid Invalid(string message) => new(message);
}
