using System.Diagnostics.Metrics;

namespace PortKeeper.Grains;

/// <summary>The pool's durable writes: how long each takes and how many requests share it.</summary>
public sealed class PoolMetrics
{
    /// <summary>The meter name, shared with the gateway's metrics.</summary>
    public const string MeterName = "PortKeeper";

    private readonly Histogram<double> _duration;
    private readonly Histogram<int> _batch;
    private readonly Counter<long> _findings;
    private readonly Counter<long> _expired;

    public PoolMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _duration = meter.CreateHistogram<double>("portkeeper.pool.write.duration", unit: "s", description: "Time of one durable write of the pool");
        _batch = meter.CreateHistogram<int>("portkeeper.pool.write.requests", description: "Requests whose change one durable pool write carries");
        _expired = meter.CreateCounter<long>("portkeeper.leases.expired", description: "Leases released by --lease-expiry, by pool");
        _findings = meter.CreateCounter<long>("portkeeper.repair.findings", description: "Disagreements between a pool's claims and its users and groups that repair settled, by kind");
    }

    /// <summary>Counts one disagreement of <paramref name="kind"/> (<c>unheld</c>, <c>unclaimed</c>, <c>held_twice</c>) settled in <paramref name="pool"/>.</summary>
    public void RecordFinding(string pool, string kind) =>
        _findings.Add(1, new KeyValuePair<string, object?>("pool", pool), new KeyValuePair<string, object?>("kind", kind));

    /// <summary>Counts one lease of <paramref name="pool"/> released because its proxy was offline for the lease expiry.</summary>
    public void RecordExpired(string pool) => _expired.Add(1, new KeyValuePair<string, object?>("pool", pool));

    /// <summary>Records one write of <paramref name="requests"/> requests' changes that took <paramref name="elapsed"/>.</summary>
    public void RecordWrite(int requests, TimeSpan elapsed)
    {
        _duration.Record(elapsed.TotalSeconds);
        _batch.Record(requests);
    }
}
