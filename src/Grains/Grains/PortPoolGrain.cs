using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using PortKeeper.Contracts;
using PortKeeper.Domain;

namespace PortKeeper.Grains;

/// <summary>
/// The cluster's single pool. Reentrant so that concurrent allocations share one durable write
/// (group commit); every state change happens between awaits, so turns never see half a change.
/// </summary>
[Reentrant]
public sealed partial class PortPoolGrain(
    [PersistentState(StorageNames.PoolState, StorageNames.Provider)] IPersistentState<PoolRecord> store,
    PortRange range,
    TimeProvider clock,
    IOptions<PoolOptions> options,
    PoolMetrics metrics,
    ILogger<PortPoolGrain> logger) : Grain, IPortPoolGrain
{
    private readonly TimeSpan _repairAge = options.Value.RepairAge;

    private readonly GroupCommit _commit = new(store.WriteStateAsync, metrics.RecordWrite);
    private int _joined;
    private PoolState _pool = PoolState.Empty;
    private PoolState _stored = PoolState.Empty;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _pool = _stored = store.RecordExists ? store.State.ToState() : PoolState.Empty;
        var outside = _pool.TakenOutside(range);
        if (store.RecordExists && store.State.Range != range.ToString())
        {
            LogRangeChanged(store.State.Range, range.ToString(), outside);
        }
        else if (outside > 0)
        {
            LogOutside(outside, range.ToString());
        }
        this.RegisterGrainTimer(RepairAsync, new GrainTimerCreationOptions(_repairAge, _repairAge) { Interleave = true });
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Commits and repairs are stored with the next write; store them now rather than redo them.
        if (!_commit.Broken && !ReferenceEquals(_stored, _pool))
        {
            await PersistAsync();
        }
    }

    async Task<Allocation> IPortPoolGrain.AllocateAsync(LeaseKey key, int? requested, int? replacing)
    {
        if (_commit.Broken)
        {
            return Unavailable();
        }
        var step = PortPool.Allocate(_pool, range, key, requested, replacing, clock.GetUtcNow());
        if (ReferenceEquals(step.State, _pool))
        {
            // A grant seen before may still be on its way to storage: answer once it is there.
            return step.Outcome is not Allocation.Granted || await WrittenAsync() ? step.Outcome : Unavailable();
        }
        _pool = step.State;
        return await PersistAsync() ? step.Outcome : Unavailable();
    }

    Task IPortPoolGrain.CommitAsync(LeaseKey key, int port)
    {
        // Not written on its own: the next write carries it, and a lost commit is redone by repair.
        _pool = PortPool.Commit(_pool, key, port);
        return Task.CompletedTask;
    }

    Task IPortPoolGrain.PrepareReleaseAsync(LeaseKey key, int port) =>
        ChangeAsync(PortPool.PrepareRelease(_pool, key, port, clock.GetUtcNow()), $"the release of port {port} could not be prepared");

    Task IPortPoolGrain.ReleaseAsync(LeaseKey key, int port) =>
        ChangeAsync(PortPool.Release(_pool, key, port), $"the release of port {port} could not be stored");

    private async Task ChangeAsync(PoolState next, string failure)
    {
        if (_commit.Broken)
        {
            throw new InvalidOperationException(failure);
        }
        if (!ReferenceEquals(next, _pool))
        {
            _pool = next;
            if (!await PersistAsync())
            {
                throw new InvalidOperationException(failure);
            }
        }
    }

    Task<PoolStats> IPortPoolGrain.GetStatsAsync() => Task.FromResult(new PoolStats(
        range.ToString(), range.Count, _pool.Tcp.Count, _pool.Udp.Count, _pool.Pending.Count,
        _pool.TakenOutside(range), RuntimeIdentity));

    // Asks the user or group of every old unconfirmed grant what it holds, then commits or releases the grant.
    private async Task RepairAsync(CancellationToken cancellationToken)
    {
        var before = _pool;
        foreach (var grant in PortPool.Stale(_pool, clock.GetUtcNow(), _repairAge).ToList())
        {
            try
            {
                var pool = this.GetPrimaryKeyString();
                var lease = grant.Key.IsGroup
                    ? await GrainFactory.Group(pool, grant.Key.Protocol, grant.Key.Name).GetAsync()
                    : await GrainFactory.User(pool, grant.Key.User).GetAsync(grant.Key.Protocol, grant.Key.Name);
                _pool = PortPool.Settle(_pool, grant, lease?.Port);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogRepairFailed(e, grant.Key.ToString());
            }
        }
        if (!ReferenceEquals(before, _pool))
        {
            await PersistAsync();
        }
    }

    private async Task<bool> PersistAsync()
    {
        try
        {
            _joined++;
            await _commit.RunAsync(() =>
            {
                store.State = PoolRecord.From(_stored = _pool, range);
                var carried = _joined;
                _joined = 0;
                return carried;
            });
            return true;
        }
        catch (Exception e)
        {
            // The in-memory pool may now be ahead of what is stored: start again from storage.
            LogWriteFailed(e);
            DeactivateOnIdle();
            return false;
        }
    }

    private async Task<bool> WrittenAsync()
    {
        try
        {
            await _commit.WrittenAsync();
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }

    private static Allocation.Unavailable Unavailable() =>
        new("the port pool could not store the allocation");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Allow ports changed from {Before} to {After}: {Outside} taken ports are now outside the range; their keys move into it on their next request")]
    private partial void LogRangeChanged(string before, string after, int outside);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Outside} taken ports lie outside the allow ports {Range}; their keys move into the range on their next request")]
    private partial void LogOutside(int outside, string range);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Repair of the unconfirmed grant to {Key} failed; it is retried later")]
    private partial void LogRepairFailed(Exception e, string key);

    [LoggerMessage(Level = LogLevel.Error, Message = "The port pool could not store its state; the pool reloads from storage")]
    private partial void LogWriteFailed(Exception e);
}
