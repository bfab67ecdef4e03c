using System.Diagnostics.Metrics;
using PortKeeper.Contracts;

namespace PortKeeper.Gateway.Telemetry;

/// <summary>
/// How full the pool is, as gauges. Read from the pool grain in the background every
/// <see cref="Period"/>, never on an exporter's thread.
/// </summary>
public sealed partial class PoolGauges : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(15);
    private readonly IGrainFactory _grains;
    private readonly ILogger<PoolGauges> _logger;
    private PoolStats? _stats;

    public PoolGauges(IGrainFactory grains, IMeterFactory meters, ILogger<PoolGauges> logger)
    {
        (_grains, _logger) = (grains, logger);
        var meter = meters.Create(PluginMetrics.MeterName);
        meter.CreateObservableGauge("portkeeper.pool.size", () => _stats?.RangeSize ?? 0, description: "Ports in the allow ports");
        meter.CreateObservableGauge("portkeeper.pool.taken", () => _stats is { } s
            ? [new Measurement<int>(s.TcpTaken, new KeyValuePair<string, object?>("protocol", "tcp")),
               new Measurement<int>(s.UdpTaken, new KeyValuePair<string, object?>("protocol", "udp"))]
            : Array.Empty<Measurement<int>>(), description: "Ports held by leases or pending grants");
        meter.CreateObservableGauge("portkeeper.pool.pending", () => _stats?.Pending ?? 0, description: "Grants not yet confirmed by their lease");
        meter.CreateObservableGauge("portkeeper.pool.outside_range", () => _stats?.TakenOutsideRange ?? 0, description: "Taken ports outside the allow ports");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period);
        do
        {
            try
            {
                _stats = await _grains.Pool(GrainKeys.DefaultPool).GetStatsAsync().WaitAsync(Period, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogUnavailable(e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Pool statistics unavailable")]
    private partial void LogUnavailable(Exception e);
}
