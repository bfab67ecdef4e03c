using System.Collections.Immutable;

namespace PortKeeper.Domain;

/// <summary>
/// The ports PortKeeper may hand out: sorted, disjoint, non-adjacent runs inside 1..65535.
/// Equal ranges compare equal; the text form is frps's INI <c>allow_ports</c> syntax.
/// </summary>
public sealed class PortRange : IEquatable<PortRange>
{
    /// <summary>Lowest port number a range may hold.</summary>
    public const int MinPort = 1;

    /// <summary>Highest port number a range may hold.</summary>
    public const int MaxPort = 65535;

    /// <summary>Whether <paramref name="port"/> is a port number a range may hold (1..65535).</summary>
    public static bool IsPort(long port) => port is >= MinPort and <= MaxPort;

    private readonly int[] _offsets;

    private PortRange(ImmutableArray<PortInterval> intervals)
    {
        Intervals = intervals;
        _offsets = new int[intervals.Length];
        var total = 0;
        for (var i = 0; i < intervals.Length; i++)
        {
            _offsets[i] = total;
            total += intervals[i].Count;
        }
        Count = total;
    }

    /// <summary>The runs, sorted and merged.</summary>
    public ImmutableArray<PortInterval> Intervals { get; }

    /// <summary>Number of ports in the range.</summary>
    public int Count { get; }

    /// <summary>The empty range.</summary>
    public static PortRange Empty { get; } = new([]);

    /// <summary>Builds a range from runs in any order; overlaps and adjacent runs are merged.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A run is reversed or leaves 1..65535.</exception>
    public static PortRange Of(IEnumerable<PortInterval> runs)
    {
        var sorted = runs.OrderBy(r => r.First).ToList();
        var merged = ImmutableArray.CreateBuilder<PortInterval>();
        foreach (var run in sorted)
        {
            if (run.First < MinPort || run.Last > MaxPort || run.First > run.Last)
            {
                throw new ArgumentOutOfRangeException(nameof(runs), run, $"port runs must lie within {MinPort}-{MaxPort}, low to high");
            }
            if (merged.Count > 0 && run.First <= merged[^1].Last + 1)
            {
                merged[^1] = merged[^1] with { Last = Math.Max(merged[^1].Last, run.Last) };
            }
            else
            {
                merged.Add(run);
            }
        }
        return new PortRange(merged.ToImmutable());
    }

    /// <summary>This range without the given ports (ports outside it are ignored).</summary>
    public PortRange Except(IEnumerable<int> ports)
    {
        var runs = Intervals.ToList();
        foreach (var port in ports.Distinct().Order())
        {
            var i = runs.FindIndex(r => r.First <= port && port <= r.Last);
            if (i < 0)
            {
                continue;
            }
            var run = runs[i];
            runs.RemoveAt(i);
            if (port < run.Last)
            {
                runs.Insert(i, new PortInterval(port + 1, run.Last));
            }
            if (run.First < port)
            {
                runs.Insert(i, new PortInterval(run.First, port - 1));
            }
        }
        return new PortRange([.. runs]);
    }

    /// <summary>Ports of <paramref name="other"/> that this range lacks.</summary>
    public PortRange Missing(PortRange other) =>
        Of(other.Intervals.SelectMany(run => Subtract(run, this)));

    /// <summary>The ports both this range and <paramref name="other"/> hold.</summary>
    public PortRange Intersect(PortRange other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Of(Intervals.SelectMany(a => other.Intervals
            .Where(b => b.First <= a.Last && a.First <= b.Last)
            .Select(b => new PortInterval(Math.Max(a.First, b.First), Math.Min(a.Last, b.Last)))));
    }

    /// <summary>Whether <paramref name="port"/> is in the range.</summary>
    public bool Contains(int port) => IntervalIndex(port) >= 0;

    /// <summary>Position of <paramref name="port"/> within the range, or -1 when it is not in it.</summary>
    public int IndexOf(int port)
    {
        var i = IntervalIndex(port);
        return i < 0 ? -1 : _offsets[i] + (port - Intervals[i].First);
    }

    /// <summary>The port at position <paramref name="index"/> (0 to Count-1).</summary>
    public int PortAt(int index)
    {
        if (index < 0 || index >= Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }
        var i = Array.BinarySearch(_offsets, index);
        if (i < 0)
        {
            i = ~i - 1;
        }
        return Intervals[i].First + (index - _offsets[i]);
    }

    /// <inheritdoc />
    public bool Equals(PortRange? other) =>
        other is not null && Intervals.AsSpan().SequenceEqual(other.Intervals.AsSpan());

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as PortRange);

    /// <inheritdoc />
    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    /// <summary>The range in frps INI syntax, e.g. <c>6000-7100,9000</c>.</summary>
    public override string ToString() => string.Join(",", Intervals);

    private int IntervalIndex(int port)
    {
        int lo = 0, hi = Intervals.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var run = Intervals[mid];
            if (port < run.First)
            {
                hi = mid - 1;
            }
            else if (port > run.Last)
            {
                lo = mid + 1;
            }
            else
            {
                return mid;
            }
        }
        return -1;
    }

    private static IEnumerable<PortInterval> Subtract(PortInterval run, PortRange range)
    {
        var next = run.First;
        foreach (var have in range.Intervals.Where(h => h.Last >= run.First && h.First <= run.Last))
        {
            if (have.First > next)
            {
                yield return new PortInterval(next, have.First - 1);
            }
            next = have.Last + 1;
        }
        if (next <= run.Last)
        {
            yield return new PortInterval(next, run.Last);
        }
    }
}
