using System.Numerics;

namespace PortKeeper.Domain;

/// <summary>
/// An immutable set of port numbers 0..65535 as a bitmap of 16 pages of 4,096 ports (512 bytes
/// each): a change copies one page and the page table, so its cost, like the set's size and its
/// search cost, does not grow with the number of ports taken. Sets share the pages they agree on.
/// </summary>
public sealed class PortSet : IEquatable<PortSet>
{
    private const int Words = 65536 / 64;
    private const int WordsPerPage = 64;
    private const int Pages = Words / WordsPerPage;

    private static readonly ulong[] EmptyPage = new ulong[WordsPerPage];

    private readonly ulong[][] _pages;

    private PortSet(ulong[][] pages, int count)
    {
        _pages = pages;
        Count = count;
    }

    /// <summary>The set with no port.</summary>
    public static PortSet Empty { get; } = new([.. Enumerable.Repeat(EmptyPage, Pages)], 0);

    /// <summary>Number of ports in the set.</summary>
    public int Count { get; }

    /// <summary>Whether <paramref name="port"/> is in the set.</summary>
    public bool Has(int port) => (uint)port <= 65535 && (Word(port >> 6) & (1UL << port)) != 0;

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
            for (var bits = Word(w); bits != 0; bits &= bits - 1)
            {
                yield return (w << 6) + BitOperations.TrailingZeroCount(bits);
            }
        }
    }

    /// <summary>A set holding exactly <paramref name="ports"/>.</summary>
    public static PortSet Of(IEnumerable<int> ports) => ports.Aggregate(Empty, (set, p) => set.With(p));

    /// <inheritdoc />
    public bool Equals(PortSet? other) =>
        other is not null && Count == other.Count
        && _pages.Zip(other._pages).All(p => ReferenceEquals(p.First, p.Second) || p.First.AsSpan().SequenceEqual(p.Second));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as PortSet);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Count, Word(0), Word(Words - 1));

    private ulong Word(int word) => _pages[word / WordsPerPage][word % WordsPerPage];

    private PortSet Flip(int port, int delta)
    {
        var word = port >> 6;
        var pages = (ulong[][])_pages.Clone();
        var page = (ulong[])pages[word / WordsPerPage].Clone();
        page[word % WordsPerPage] ^= 1UL << port;
        pages[word / WordsPerPage] = page;
        return new PortSet(pages, Count + delta);
    }

    private int CountBetween(int from, int to)
    {
        var count = 0;
        for (var port = from; port <= to;)
        {
            var word = port >> 6;
            var lastInWord = Math.Min(to, (word << 6) + 63);
            count += BitOperations.PopCount(Word(word) & Mask(port, lastInWord));
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
            var free = ~Word(word) & Mask(port, lastInWord);
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
