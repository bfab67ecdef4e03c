using System.Diagnostics.Metrics;

namespace PortKeeper.Grains;

/// <summary>The pool's durable writes: how long each takes and how many requests share it.</summary>
public sealed class PoolMetrics
{
    /// <summary>The meter name, shared with the gateway's metrics.</summary>
    public const string MeterName = "PortKeeper";

    private readonly Histogram<double> _duration;
    private readonly Histogram<int> _batch;

    public PoolMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _duration = meter.CreateHistogram<double>("portkeeper.pool.write.duration", unit: "s", description: "Time of one durable write of the pool");
        _batch = meter.CreateHistogram<int>("portkeeper.pool.write.requests", description: "Requests whose change one durable pool write carries");
    }

    /// <summary>Records one write of <paramref name="requests"/> requests' changes that took <paramref name="elapsed"/>.</summary>
    public void RecordWrite(int requests, TimeSpan elapsed)
    {
        _duration.Record(elapsed.TotalSeconds);
        _batch.Record(requests);
    }
}
