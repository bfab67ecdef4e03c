using Microsoft.Extensions.Logging;
using PortKeeper.Contracts;
using PortKeeper.Silo.Configuration;

namespace PortKeeper.Silo.Hosting;

/// <summary>
/// Activates every port pool when the silo starts, so that the first frps request does not wait
/// for it and the log tells at once how full the pool is and how many ports lie outside the range.
/// </summary>
internal sealed partial class PoolWarmUp(IGrainFactory grains, PortKeeperSettings settings, ILogger<PoolWarmUp> logger) : IStartupTask
{
    public async Task Execute(CancellationToken cancellationToken)
    {
        if (settings.OwnLeftOut.Count > 0)
        {
            LogOwnPortsLeftOut(string.Join(", ", settings.OwnLeftOut.Select(l => $"{l.Port} ({l.Option})")));
        }
        foreach (var pool in settings.Pools.All)
        {
            try
            {
                var stats = await grains.Pool(pool.Name).GetStatsAsync();
                LogPool(pool.Name, stats.Range, stats.RangeSize, stats.TcpTaken, stats.UdpTaken, stats.TakenOutsideRange);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The pool retries activation on the first request; a slow or absent database must not stop the node.
                LogPoolUnavailable(e, pool.Name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Port pool ready: pool {Pool}, allow ports {Range} ({Size} ports), {Tcp} TCP and {Udp} UDP ports leased, {Outside} outside the range")]
    private partial void LogPool(string pool, string range, int size, int tcp, int udp, int outside);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The allow ports hold ports this node listens on itself, never handed out: {Ports}")]
    private partial void LogOwnPortsLeftOut(string ports);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Port pool {Pool} not reachable at start-up; it is activated on the first request")]
    private partial void LogPoolUnavailable(Exception e, string pool);
}
