using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PortKeeper.Contracts;
using PortKeeper.Domain;
using PortKeeper.Grains;

namespace PortKeeper.Silo.Expiry;

/// <summary>
/// <c>--lease-expiry</c>: releases the leases of proxies that have been offline for longer than
/// the expiry. Reads every stored user and group every <see cref="Period"/>, and asks each
/// candidate's grain, whose own view is the newest, to expire its offline proxies. Several silos
/// may sweep: a grain releases a lease once.
/// </summary>
internal sealed partial class LeaseExpirySweep(
    StateCatalog catalog, IGrainFactory grains, TimeProvider clock, TimeSpan expiry, PoolMetrics metrics, ILogger<LeaseExpirySweep> logger) : BackgroundService
{
    /// <summary>A quarter of the expiry, between one second and one hour.</summary>
    public TimeSpan Period { get; } = TimeSpan.FromTicks(Math.Clamp(expiry.Ticks / 4, TimeSpan.TicksPerSecond, TimeSpan.TicksPerHour));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var released = await SweepAsync(stoppingToken);
                if (released > 0)
                {
                    LogReleased(released, expiry);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogSweepFailed(e);
            }
        }
    }

    /// <summary>Releases every expired lease; returns how many were released.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var released = 0;
        var now = clock.GetUtcNow();
        await foreach (var (key, user) in catalog.ReadAsync<UserRecord>(StorageNames.UserState, cancellationToken))
        {
            if (GrainKeys.ParseUser(key) is var (pool, name) && Users.Expired(user.ToState(), now, expiry).Count > 0)
            {
                foreach (var gone in await grains.User(pool, name).ExpireAsync(expiry))
                {
                    released++;
                    metrics.RecordExpired(pool);
                    LogExpired(pool, gone.Key, gone.User, gone.Port, gone.LastSeen);
                }
            }
        }
        await foreach (var (key, group) in catalog.ReadAsync<LeaseRecord>(StorageNames.GroupState, cancellationToken))
        {
            if (GrainKeys.ParseGroup(key) is var (pool, protocol, name) && group.Port > 0
                && Leases.IsExpired(group.ToState(), now, expiry)
                && await grains.Group(pool, protocol, name).ExpireAsync(expiry) is { } gone)
            {
                released++;
                metrics.RecordExpired(pool);
                LogExpired(pool, gone.Key, gone.User, gone.Port, gone.LastSeen);
            }
        }
        return released;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pool {Pool}: lease {Key} of user '{User}' expired: port {Port} released, proxy offline since {LastSeen}")]
    private partial void LogExpired(string pool, string key, string user, int port, DateTimeOffset lastSeen);

    [LoggerMessage(Level = LogLevel.Information, Message = "Released {Count} leases offline for longer than {Expiry}")]
    private partial void LogReleased(int count, TimeSpan expiry);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lease expiry sweep failed; it runs again later")]
    private partial void LogSweepFailed(Exception e);
}
