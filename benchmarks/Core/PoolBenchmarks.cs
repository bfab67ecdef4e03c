using BenchmarkDotNet.Attributes;
using PortKeeper.Contracts;
using PortKeeper.Domain;

namespace PortKeeper.Benchmarks;

/// <summary>
/// The pool's decision and its durable snapshot at 0, 50 and 95 % occupancy of a 50,000-port
/// range: neither may grow with the number of ports taken.
/// </summary>
public class PoolBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly PortRange _range = PortRange.Of([new PortInterval(10000, 59999)]);
    private LeaseKey[] _keys = [];
    private PoolState _pool = PoolState.Empty;
    private int _next;

    [Params(0, 50, 95)]
    public int OccupancyPercent { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var taken = Enumerable.Range(_range.Intervals[0].First, _range.Count)
            .OrderBy(_ => random.Next())
            .Take(_range.Count * OccupancyPercent / 100);
        _pool = PoolState.Empty with { Tcp = PortSet.Of(taken) };
        _keys = [.. Enumerable.Range(0, 1024).Select(i => LeaseKey.ForProxy(Protocol.Tcp, "user", $"bench.p{i}"))];
    }

    /// <summary>A first allocation: search from the key's start and the new pool value.</summary>
    [Benchmark]
    public PortPool.Step Allocate() =>
        PortPool.Allocate(_pool, _range, _keys[_next++ & 1023], requested: null, replacing: null, Now);

    /// <summary>The search alone.</summary>
    [Benchmark]
    public int? FirstFree() => _pool.Tcp.FirstFree(_range, PortPool.StartIndex(_keys[_next++ & 1023]));

    /// <summary>What the pool hands to storage for one allocation: the claims of the ports it touched.</summary>
    [Benchmark]
    public int ClaimChanges()
    {
        var key = _keys[_next++ & 1023];
        var step = PortPool.Allocate(_pool, _range, key, requested: null, replacing: null, Now);
        return Claims.Changes(_pool, step.State, PortPool.Touched(_pool, step.State, key)).Length;
    }
}
