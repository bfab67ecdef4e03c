using System.Globalization;

namespace PortKeeper.Silo.Configuration;

/// <summary>
/// The conversions of an option's text into its value, by hand rather than by the configuration
/// binder: the binder throws on the first value it cannot convert, naming neither the option as
/// the user typed it nor what it expected, and reads no durations like <c>30d</c>. Each returns
/// null for a text that is no such value.
/// </summary>
internal static class OptionsText
{
    /// <summary>
    /// A duration: <c>500ms</c>, <c>5s</c>, <c>1.5s</c>, <c>90m</c>, <c>12h</c>, <c>30d</c>, or
    /// <c>00:00:05</c>. A bare number has no unit and is refused.
    /// </summary>
    public static TimeSpan? Duration(string text)
    {
        var t = text.Trim();
        return t switch
        {
            _ when t.EndsWith("ms", StringComparison.OrdinalIgnoreCase) => Number(t[..^2]) is double ms ? TimeSpan.FromMilliseconds(ms) : null,
            _ when t.EndsWith('s') || t.EndsWith('S') => Number(t[..^1]) is double s ? TimeSpan.FromSeconds(s) : null,
            _ when t.EndsWith('m') || t.EndsWith('M') => Number(t[..^1]) is double m ? TimeSpan.FromMinutes(m) : null,
            _ when t.EndsWith('h') || t.EndsWith('H') => Number(t[..^1]) is double h ? TimeSpan.FromHours(h) : null,
            _ when t.EndsWith('d') || t.EndsWith('D') => Number(t[..^1]) is double d ? TimeSpan.FromDays(d) : null,
            _ when t.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(t, CultureInfo.InvariantCulture, out var span) => span,
            _ => null,
        };
    }

    /// <summary>A whole number, with an optional sign.</summary>
    public static int? Whole(string text) =>
        int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary><c>true</c> or <c>false</c>, in any case.</summary>
    public static bool? Bool(string text) => bool.TryParse(text.Trim(), out var b) ? b : null;

    /// <summary>A <see cref="NodeRole"/> by its name, in any case.</summary>
    public static NodeRole? Role(string text) => text.Trim().ToUpperInvariant() switch
    {
        "COMBINED" => NodeRole.Combined,
        "GATEWAY" => NodeRole.Gateway,
        "SILO" => NodeRole.Silo,
        _ => null,
    };

    private static double? Number(string text) =>
        double.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) ? n : null;
}
