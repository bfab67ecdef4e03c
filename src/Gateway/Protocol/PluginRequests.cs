using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PortKeeper.Gateway.Protocol;

/// <summary>Reads the body and <c>op</c> query parameter of a frps plugin call.</summary>
public static class PluginRequests
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { AllowDuplicateProperties = false };

    private static readonly FrozenDictionary<string, PluginOp> Ops =
        Enum.GetValues<PluginOp>().ToFrozenDictionary(op => op.ToString(), StringComparer.Ordinal);

    private static readonly string KnownOps = string.Join(", ", Enum.GetNames<PluginOp>());

    /// <summary>
    /// Parses a UTF-8 JSON body of the form <c>{"op": ..., "content": {...}}</c>, the op being
    /// taken from the body and from <paramref name="queryOp"/>. Never throws: a structural
    /// fault comes back as <see cref="PluginRequest.Invalid"/> saying what is wrong.
    /// </summary>
    public static PluginRequest Parse(ReadOnlySpan<byte> body, string? queryOp)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body, documentOptions: DocumentOptions);
        }
        catch (JsonException e)
        {
            return Invalid($"the body is not valid JSON: {e.Message}");
        }
        if (root is not JsonObject request)
        {
            return Invalid("the body must be a JSON object like {\"op\":\"NewProxy\",\"content\":{...}}");
        }
        var (known, opError) = OpOf(request, queryOp);
        if (known is not PluginOp op)
        {
            return Invalid(opError!);
        }
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
            PluginOp.Ping => new PluginRequest.Ping(UserName(content), RunId(content)),
            _ => new PluginRequest.Passthrough(op),
        };
    }

    /// <summary>A request refused as over the size limit.</summary>
    public static PluginRequest TooLarge(long limit) => Invalid($"the body is over the limit of {limit} bytes");

    private static (PluginOp? Op, string? Error) OpOf(JsonObject request, string? queryOp)
    {
        var node = request["op"];
        if (node is not null && node.GetValueKind() != JsonValueKind.String)
        {
            return (null, $"\"op\" must be a string, not {node.ToJsonString()}");
        }
        var bodyOp = NullIfEmpty(node?.GetValue<string>());
        var query = NullIfEmpty(queryOp);
        if (bodyOp is not null && query is not null && !string.Equals(bodyOp, query, StringComparison.Ordinal))
        {
            return (null, $"the op in the body ('{bodyOp}') differs from the op query parameter ('{query}')");
        }
        return (bodyOp ?? query) switch
        {
            null => (null, $"no op: expected \"op\" in the body or the op query parameter, one of {KnownOps}"),
            string name when Ops.TryGetValue(name, out var op) => (op, null),
            string name => (null, $"unknown op '{name}'; expected one of {KnownOps}"),
        };
    }

    /// <summary>Longest proxy or group name kept: lease keys must fit the storage's key column.</summary>
    public const int MaxNameLength = 400;

    private static PluginRequest NewProxy(JsonObject content)
    {
        if (RequiredString(content, "proxy_name") is (null, var nameError))
        {
            return Invalid(nameError!);
        }
        if (RequiredString(content, "proxy_type") is (null, var typeError))
        {
            return Invalid(typeError!);
        }
        var proxyName = content["proxy_name"]!.GetValue<string>();
        var proxyType = content["proxy_type"]!.GetValue<string>();
        if (content["group"] is JsonNode group && group.GetValueKind() != JsonValueKind.String)
        {
            return Invalid($"\"group\" of proxy '{proxyName}' must be a string");
        }
        if (proxyName.Length > MaxNameLength || content["group"]?.GetValue<string>().Length > MaxNameLength)
        {
            return Invalid($"\"proxy_name\" and \"group\" may have at most {MaxNameLength} characters");
        }
        var remotePort = content["remote_port"];
        int? port = null;
        if (remotePort is not null)
        {
            if (remotePort.GetValueKind() != JsonValueKind.Number
                || !remotePort.AsValue().TryGetValue<int>(out var value)
                || value is < 0 or > 65535)
            {
                return Invalid($"\"remote_port\" of proxy '{proxyName}' must be an integer from 0 to 65535, not {remotePort.ToJsonString()}");
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
            (string name, _) => new PluginRequest.CloseProxy(name, RunId(content), UserName(content)),
            (_, var error) => Invalid(error!),
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

    private static (string? Value, string? Error) RequiredString(JsonObject content, string field) =>
        content[field] switch
        {
            null => (null, $"\"content.{field}\" is missing"),
            JsonNode node when node.GetValueKind() != JsonValueKind.String =>
                (null, $"\"content.{field}\" must be a string, not {node.ToJsonString()}"),
            JsonNode node when node.GetValue<string>().Length == 0 => (null, $"\"content.{field}\" is empty"),
            JsonNode node => (node.GetValue<string>(), null),
        };

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static PluginRequest.Invalid Invalid(string message) => new(message);
}
