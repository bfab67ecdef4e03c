using System.Text.Json;
using System.Text.Unicode;

namespace PortKeeper.Gateway.Plugin;

/// <summary>
/// The check a plugin body passes before it is read: UTF-8 JSON of at most <see cref="MaxDepth"/>
/// levels, each key once per object at every level, every string valid Unicode. frps (Go's
/// encoding/json) never writes anything else, and each of these would otherwise be read in a way
/// of the parser's choosing: a second <c>remote_port</c> silently winning, a string that fails only
/// when it is read or echoed.
/// </summary>
public static class PluginJson
{
    /// <summary>Deepest nesting accepted, the body itself being level 1 (System.Text.Json's default).</summary>
    public const int MaxDepth = 64;

    /// <summary>Null when <paramref name="body"/> is acceptable JSON; else what is wrong with it, for a 400.</summary>
    public static string? Problem(ReadOnlySpan<byte> body)
    {
        if (!Utf8.IsValid(body))
        {
            return "the body is not valid UTF-8";
        }
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = MaxDepth });
        var keys = new Stack<HashSet<string>>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        keys.Push(new HashSet<string>(StringComparer.Ordinal));
                        break;
                    case JsonTokenType.EndObject:
                        keys.Pop();
                        break;
                    case JsonTokenType.PropertyName when !keys.Peek().Add(reader.GetString()!):
                        return $"the body has the key {PluginText.Shown(reader.GetString()!)} twice in one object";
                    case JsonTokenType.String when reader.ValueIsEscaped:
                        // Unescaping is where an unpaired surrogate (\ud800) fails.
                        _ = reader.GetString();
                        break;
                }
            }
        }
        catch (JsonException e)
        {
            return $"the body is not valid JSON: {e.Message}";
        }
        catch (InvalidOperationException)
        {
            return "the body has a string that is not valid Unicode (an unpaired surrogate escape such as \\ud800)";
        }
        return null;
    }
}
