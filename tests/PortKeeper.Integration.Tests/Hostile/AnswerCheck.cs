using System.Text.Json;
using System.Text.Json.Nodes;

namespace PortKeeper.Integration.Tests.Hostile;

/// <summary>Tells whether an answer is well formed and the one its case must get.</summary>
public static class AnswerCheck
{
    private static readonly string[] AnswerKeys = ["reject", "reject_reason", "unchange", "content"];

    /// <summary>The class of an answer, for the figures: <c>200 port</c>, <c>400 VALIDATEERR</c>, <c>closed</c>, ...</summary>
    public static string Class(Reply? reply) => reply switch
    {
        null => "no answer",
        { Status: null } => "closed",
        { Status: 200 } when Plugin(reply) is { } answer => answer switch
        {
            _ when answer["reject"]?.GetValue<bool>() == true => "200 reject",
            _ when answer["unchange"]?.GetValue<bool>() == true => "200 unchanged",
            _ => "200 port",
        },
        { Status: 400 } when Error(reply, "VALIDATEERR") is not null => "400 VALIDATEERR",
        { Status: 404 } when Error(reply, "NOTFOUND") is not null => "404 NOTFOUND",
        { Status: var status, Body.Length: 0 } => $"{status} (empty)",
        { Status: var status } when IsJson(reply) => $"{status} (JSON)",
        { Status: var status } => $"{status} (other)",
    };

    /// <summary>
    /// Null when <paramref name="reply"/> is what <paramref name="c"/> must get; else what is wrong.
    /// A proxy of the fixed set must get the port in <paramref name="ports"/>, with its content echoed.
    /// </summary>
    public static string? Problem(HostileCase c, Reply? reply, IReadOnlyDictionary<KnownProxy, int> ports)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(ports);
        if (reply is null)
        {
            return "no answer within the deadline";
        }
        if (reply.Status >= 500)
        {
            return $"a {reply.Status}: {Excerpt(reply.Text)}";
        }
        if (reply.Status == 200 && Plugin(reply) is null)
        {
            return $"a 200 that is not a well-formed plugin answer: {Excerpt(reply.Text)}";
        }
        var answer = Class(reply);
        return c.Expect switch
        {
            Expect.Known(var proxy, var sent) => Known(proxy, sent, reply, ports),
            Expect.Unchanged => answer == "200 unchanged" && Plugin(reply)!.Count == 2 ? null : $"expected 200 unchanged, got {answer}: {Excerpt(reply.Text)}",
            Expect.Invalid => answer == "400 VALIDATEERR" ? null : $"expected 400 VALIDATEERR, got {answer}: {Excerpt(reply.Text)}",
            Expect.NoPool => reply.Status == 404 && IsJson(reply) ? null : $"expected a 404 with JSON, got {answer}: {Excerpt(reply.Text)}",
            Expect.WrongMethod => reply.Status == 405 ? null : $"expected 405, got {answer}",
            Expect.HttpFault => reply.Status is null or (>= 400 and < 500) ? null : $"expected a 4xx or a closed connection, got {answer}: {Excerpt(reply.Text)}",
            _ => $"no check for {c.Expect}",
        };
    }

    private static string? Known(KnownProxy proxy, JsonObject? sent, Reply reply, IReadOnlyDictionary<KnownProxy, int> ports)
    {
        var answer = Plugin(reply);
        if (reply.Status != 200 || answer is null)
        {
            return $"expected 200 for {proxy.Name}, got {Class(reply)}: {Excerpt(reply.Text)}";
        }
        var reason = answer["reject_reason"]?.GetValue<string>() ?? "";
        return proxy.Outcome switch
        {
            KnownOutcome.Port when answer["content"] is JsonObject content && sent is not null =>
                content["remote_port"]?.GetValue<int>() != ports[proxy]
                    ? $"{proxy.Name} got port {content["remote_port"]}, its port is {ports[proxy]}"
                    : JsonNode.DeepEquals(WithPort(sent, ports[proxy]), content) ? null
                    : $"{proxy.Name}: the content came back changed: {Excerpt(content.ToJsonString())}",
            KnownOutcome.OutsideRange => reason.Contains("outside", StringComparison.Ordinal) ? null : $"{proxy.Name}: expected a refusal as outside the range, got {Excerpt(reply.Text)}",
            KnownOutcome.NoUser => reason.Contains("no user", StringComparison.Ordinal) ? null : $"{proxy.Name}: expected a refusal for no user, got {Excerpt(reply.Text)}",
            KnownOutcome.Unchanged => Class(reply) == "200 unchanged" ? null : $"{proxy.Name}: expected unchanged, got {Excerpt(reply.Text)}",
            _ => $"{proxy.Name}: expected its port, got {Excerpt(reply.Text)}",
        };
    }

    private static JsonObject WithPort(JsonObject sent, int port)
    {
        var expected = (JsonObject)sent.DeepClone();
        expected["remote_port"] = port;
        return expected;
    }

    // A well-formed plugin answer: reject and unchange always there and boolean, a reason with a
    // rejection, a content object exactly when the content changes, nothing else.
    private static JsonObject? Plugin(Reply reply)
    {
        if (Parse(reply) is not JsonObject answer || answer.Any(p => !AnswerKeys.Contains(p.Key))
            || answer["reject"] is not JsonValue reject || reject.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False)
            || answer["unchange"] is not JsonValue unchange || unchange.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
        {
            return null;
        }
        var rejected = reject.GetValue<bool>();
        var unchanged = unchange.GetValue<bool>();
        var reason = answer["reject_reason"];
        var content = answer["content"];
        var wellFormed = rejected
            ? unchanged && reason is JsonValue r && r.GetValueKind() == JsonValueKind.String && r.GetValue<string>().Length > 0 && content is null
            : reason is null && (unchanged ? !answer.ContainsKey("content") : content is JsonObject);
        return wellFormed ? answer : null;
    }

    private static JsonObject? Error(Reply reply, string code) =>
        Parse(reply) is JsonObject error && error.Count == 2 && error["error"]?.GetValue<string>() == code
            && error["message"] is JsonValue m && m.GetValueKind() == JsonValueKind.String && m.GetValue<string>().Length > 0
            ? error
            : null;

    private static bool IsJson(Reply reply) => reply.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true && Parse(reply) is not null;

    private static JsonNode? Parse(Reply reply)
    {
        if (reply.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true)
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(reply.Body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The first 300 characters of <paramref name="text"/>, control characters escaped.</summary>
    public static string Excerpt(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var cut = text.Length > 300 ? text[..300] + $"…({text.Length} chars)" : text;
        return string.Concat(cut.Select(ch => char.IsControl(ch) || char.IsSurrogate(ch) ? $"\\u{(int)ch:x4}" : ch.ToString()));
    }
}
