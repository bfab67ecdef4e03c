using System.Globalization;
using PortKeeper.Domain;

namespace PortKeeper.Core.Tests.Domain;

/// <summary>Short spellings of ranges and sets for test tables, e.g. <c>6000-6002,7000</c>.</summary>
internal static class Ports
{
    public static PortInterval[] Runs(string text) =>
        [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(piece =>
        {
            var ends = piece.Split('-');
            var first = int.Parse(ends[0], CultureInfo.InvariantCulture);
            return new PortInterval(first, ends.Length == 1 ? first : int.Parse(ends[1], CultureInfo.InvariantCulture));
        })];

    public static PortRange Range(string text) => PortRange.Of(Runs(text));

    public static int[] List(string text) =>
        [.. Runs(text).SelectMany(run => Enumerable.Range(run.First, run.Count))];

    public static PortSet Set(string text) => PortSet.Of(List(text));
}
