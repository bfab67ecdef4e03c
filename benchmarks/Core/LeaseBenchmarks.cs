using BenchmarkDotNet.Attributes;
using PortKeeper.Domain;

namespace PortKeeper.Benchmarks;

/// <summary>The sticky path's decision: a known key answered from its lease.</summary>
public class LeaseBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly PortRange _range = PortRange.Of([new PortInterval(10000, 59999)]);
    private readonly LeaseState _lease = Leases.Grant(23456, "bench.p1", Now);

    [Benchmark]
    public LeaseDecision Decide() => Leases.Decide(_lease, requested: null, _range);

    [Benchmark]
    public LeaseState DecideAndSee() =>
        Leases.Decide(_lease, requested: null, _range) is LeaseDecision.Known ? Leases.Seen(_lease, "bench.p1", Now) : _lease;
}
