using System.Globalization;

namespace PortKeeper.Domain;

/// <summary>Reads frps allow-ports lists into a <see cref="PortRange"/>.</summary>
public static class AllowPorts
{
    /// <summary>
    /// Parses frps INI syntax, e.g. <c>2000-3000,3001, 4000-50000</c>. Spaces are tolerated;
    /// overlaps merge. Returns an error naming the first bad piece, for an empty piece
    /// (<c>1000,,2000</c>, as frps does) or for an empty list.
    /// </summary>
    public static Parsed<PortRange> Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new Parsed<PortRange>.Error("the port list is empty");
        }
        var runs = new List<PortInterval>();
        foreach (var raw in text.Split(','))
        {
            var piece = raw.Trim();
            var run = ParsePiece(piece);
            if (piece.Length == 0)
            {
                // frps refuses an empty piece too, so "1000,,2000" or a trailing comma is an error.
                return new Parsed<PortRange>.Error($"'{text.Trim()}' has an empty piece between commas");
            }
            if (run is null)
            {
                return new Parsed<PortRange>.Error(
                    $"'{piece}' is not a port (1-65535) or a run of ports like 20000-29999");
            }
            runs.Add(run.Value);
        }
        return new Parsed<PortRange>.Ok(PortRange.Of(runs));
    }

    /// <summary>
    /// Builds a range from the TOML/YAML/JSON <c>allowPorts</c> entries: each has
    /// <c>start</c> and <c>end</c>, or <c>single</c>. Returns an error naming the bad entry.
    /// </summary>
    public static Parsed<PortRange> FromEntries(IEnumerable<(int? Start, int? End, int? Single)> entries)
    {
        var runs = new List<PortInterval>();
        var index = 0;
        foreach (var (start, end, single) in entries)
        {
            PortInterval? run = (start, end, single) switch
            {
                (null, null, int s) => Run(s, s),
                (int a, int b, null) => Run(a, b),
                (int a, null, null) => Run(a, a),
                _ => null,
            };
            if (run is null)
            {
                return new Parsed<PortRange>.Error(
                    $"allowPorts entry {index + 1} (start={start}, end={end}, single={single}) needs start and end, or single, within 1-65535");
            }
            runs.Add(run.Value);
            index++;
        }
        return runs.Count == 0
            ? new Parsed<PortRange>.Error("allowPorts is empty")
            : new Parsed<PortRange>.Ok(PortRange.Of(runs));
    }

    private static PortInterval? ParsePiece(string piece)
    {
        var dash = piece.IndexOf('-', StringComparison.Ordinal);
        return dash < 0
            ? Port(piece) is int p ? Run(p, p) : null
            : Port(piece[..dash].Trim()) is int a && Port(piece[(dash + 1)..].Trim()) is int b ? Run(a, b) : null;
    }

    private static int? Port(string text) =>
        text.Length > 0 && text.All(char.IsAsciiDigit)
        && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            ? port
            : null;

    private static PortInterval? Run(int first, int last) =>
        PortRange.IsPort(first) && PortRange.IsPort(last) && first <= last
            ? new PortInterval(first, last)
            : null;
}
