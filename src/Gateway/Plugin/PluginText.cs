using System.Globalization;
using System.Text;

namespace PortKeeper.Gateway.Plugin;

/// <summary>Names as PortKeeper keeps them, and received text as messages and logs quote it.</summary>
public static class PluginText
{
    /// <summary>Longest user, proxy or group name kept: lease and grain keys must fit the storage's key column.</summary>
    public const int MaxNameLength = 400;

    private const int MaxShown = 80;

    /// <summary>
    /// Null when <paramref name="value"/> of <paramref name="field"/> can name a user, proxy or group:
    /// at most <see cref="MaxNameLength"/> characters, none a control character (frpc never sends
    /// one; one in a log line could forge another, and PostgreSQL refuses NUL in text). Else why not.
    /// </summary>
    public static string? NameProblem(string field, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > MaxNameLength)
        {
            return $"\"{field}\" may have at most {MaxNameLength} characters, not {value.Length}";
        }
        var at = value.AsSpan().IndexOfAnyInRange('\u0000', '\u001f') is var low and >= 0 ? low : value.AsSpan().IndexOfAnyInRange('\u007f', '\u009f');
        return at < 0 ? null : $"\"{field}\" {Shown(value)} has a control character (U+{(int)value[at]:X4}) at {at}";
    }

    /// <summary>
    /// <paramref name="text"/> quoted for a message or a log line: at most 80 characters (then an
    /// ellipsis and the length), control characters written as <c>\uXXXX</c>.
    /// </summary>
    public static string Shown(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var shown = new StringBuilder("'");
        // A cut never splits a surrogate pair.
        var kept = text.Length <= MaxShown ? text : text[..(char.IsHighSurrogate(text[MaxShown - 1]) ? MaxShown - 1 : MaxShown)];
        foreach (var c in kept)
        {
            _ = char.IsControl(c) ? shown.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}") : shown.Append(c);
        }
        shown.Append('\'');
        return text.Length > MaxShown ? shown.Append(CultureInfo.InvariantCulture, $"… ({text.Length} characters)").ToString() : shown.ToString();
    }
}
