using System.Collections.Immutable;
using System.Diagnostics.Metrics;
using PortKeeper.Contracts;
using PortKeeper.Domain;

namespace PortKeeper.Gateway.Telemetry;

/// <summary>
/// How full each pool is, as gauges with a <c>pool</c> label. Read from the pool grains in the
/// background every <see cref="Period"/>, never on an exporter's thread.
/// </summary>
public sealed partial class PoolGauges : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);
    private readonly IGrainFactory _grains;
    private readonly PoolRegistry _pools;
    private readonly ILogger<PoolGauges> _logger;
    private ImmutableDictionary<string, PoolStats> _stats = ImmutableDictionary<string, PoolStats>.Empty;

    public PoolGauges(IGrainFactory grains, PoolRegistry pools, IMeterFactory meters, ILogger<PoolGauges> logger)
    {
        (_grains, _pools, _logger) = (grains, pools, logger);
        var meter = meters.Create(PluginMetrics.MeterName);
        meter.CreateObservableGauge("portkeeper.pool.size", () => Each(s => s.RangeSize), description: "Ports in the allow ports");
        meter.CreateObservableGauge("portkeeper.pool.taken", () => _stats.Values.SelectMany(s => new[]
        {
            new Measurement<int>(s.TcpTaken, Label(s), new KeyValuePair<string, object?>("protocol", Protocol.Tcp.Name())),
            new Measurement<int>(s.UdpTaken, Label(s), new KeyValuePair<string, object?>("protocol", Protocol.Udp.Name())),
        }), description: "Ports held by leases or pending grants");
        meter.CreateObservableGauge("portkeeper.pool.pending", () => Each(s => s.Pending), description: "Grants not yet confirmed by their lease");
        meter.CreateObservableGauge("portkeeper.pool.outside_range", () => Each(s => s.TakenOutsideRange), description: "Taken ports outside the allow ports");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var failed = false;
            foreach (var pool in _pools.All)
            {
                try
                {
                    var stats = await _grains.Pool(pool.Name).GetStatsAsync().WaitAsync(Period, stoppingToken);
                    _stats = _stats.SetItem(pool.Name, stats);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    failed = true;
                    LogUnavailable(e, pool.Name);
                }
            }
            // A pool not yet reachable (the silo still starting) is asked again soon, not in a period.
            await Task.Delay(failed ? RetryAfter : Period, stoppingToken);
        }
    }

    private IEnumerable<Measurement<int>> Each(Func<PoolStats, int> value) =>
        _stats.Values.Select(s => new Measurement<int>(value(s), Label(s)));

    private static KeyValuePair<string, object?> Label(PoolStats stats) => new("pool", stats.Pool);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Statistics of pool {Pool} unavailable")]
    private partial void LogUnavailable(Exception e, string pool);
}
