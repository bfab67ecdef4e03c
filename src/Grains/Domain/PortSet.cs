using System.Numerics;

namespace PortKeeper.Domain;

/// <summary>
/// An immutable set of port numbers 0..65535 as a fixed 8 KiB bitmap: its size, its copy and
/// its search cost do not grow with the number of ports taken.
/// </summary>
public sealed class PortSet : IEquatable<PortSet>
{
    private const int Words = 65536 / 64;

    private readonly ulong[] _words;

    private PortSet(ulong[] words, int count)
    {
        _words = words;
        Count = count;
    }

    /// <summary>The set with no port.</summary>
    public static PortSet Empty { get; } = new(new ulong[Words], 0);

    /// <summary>Number of ports in the set.</summary>
    public int Count { get; }

    /// <summary>Whether <paramref name="port"/> is in the set.</summary>
    public bool Has(int port) => (uint)port <= 65535 && (_words[port >> 6] & (1UL << port)) != 0;

    /// <summary>The set plus <paramref name="port"/>; the same set when it is there already.</summary>
    public PortSet With(int port) => Has(port) ? this : Flip(port, +1);

    /// <summary>The set less <paramref name="port"/>; the same set when it is absent.</summary>
    public PortSet Without(int port) => Has(port) ? Flip(port, -1) : this;

    /// <summary>Ports of the set inside <paramref name="range"/>.</summary>
    public int CountIn(PortRange range) =>
        range.Intervals.Sum(run => CountBetween(run.First, run.Last));

    /// <summary>
    /// The first port of <paramref name="range"/> not in the set, searching upwards from the
    /// range's position <paramref name="startIndex"/> and wrapping round; null when every port is taken.
    /// </summary>
    public int? FirstFree(PortRange range, int startIndex)
    {
        if (range.Count == 0)
        {
            return null;
        }
        var start = range.PortAt(((startIndex % range.Count) + range.Count) % range.Count);
        var runs = range.Intervals;
        var at = runs.IndexOf(runs.First(r => r.First <= start && start <= r.Last));
        for (var step = 0; step <= runs.Length; step++)
        {
            var run = runs[(at + step) % runs.Length];
            var (from, to) = step switch
            {
                0 => (start, run.Last),
                _ when step == runs.Length => (run.First, start - 1),
                _ => (run.First, run.Last),
            };
            if (from <= to && FirstClear(from, to) is int free)
            {
                return free;
            }
        }
        return null;
    }

    /// <summary>The ports of the set, lowest first.</summary>
    public IEnumerable<int> Ports()
    {
        for (var w = 0; w < Words; w++)
        {
            for (var bits = _words[w]; bits != 0; bits &= bits - 1)
            {
                yield return (w << 6) + BitOperations.TrailingZeroCount(bits);
            }
        }
    }

    /// <summary>A set holding exactly <paramref name="ports"/>.</summary>
    public static PortSet Of(IEnumerable<int> ports) => ports.Aggregate(Empty, (set, p) => set.With(p));

    /// <inheritdoc />
    public bool Equals(PortSet? other) => other is not null && _words.AsSpan().SequenceEqual(other._words);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as PortSet);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Count, _words[0], _words[^1]);

    private PortSet Flip(int port, int delta)
    {
        var words = (ulong[])_words.Clone();
        words[port >> 6] ^= 1UL << port;
        return new PortSet(words, Count + delta);
    }

    private int CountBetween(int from, int to)
    {
        var count = 0;
        for (var port = from; port <= to;)
        {
            var word = port >> 6;
            var lastInWord = Math.Min(to, (word << 6) + 63);
            count += BitOperations.PopCount(_words[word] & Mask(port, lastInWord));
            port = lastInWord + 1;
        }
        return count;
    }

    private int? FirstClear(int from, int to)
    {
        for (var port = from; port <= to;)
        {
            var word = port >> 6;
            var lastInWord = Math.Min(to, (word << 6) + 63);
            var free = ~_words[word] & Mask(port, lastInWord);
            if (free != 0)
            {
                return (word << 6) + BitOperations.TrailingZeroCount(free);
            }
            port = lastInWord + 1;
        }
        return null;
    }

    // Bits of ports from..to, both inside one 64-port word.
    private static ulong Mask(int from, int to)
    {
        var width = to - from + 1;
        var bits = width == 64 ? ulong.MaxValue : (1UL << width) - 1;
        return bits << (from & 63);
    }
}
