using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using PortKeeper.Contracts;
using PortKeeper.Domain;

namespace PortKeeper.Grains;

/// <summary>
/// The single pool of one frps cluster, stored as one claim per taken port (<see cref="IClaimStore"/>).
/// Reentrant so that concurrent allocations share one durable write (group commit) carrying only
/// the ports they changed; every state change happens between awaits, so turns never see half a change.
/// </summary>
[Reentrant]
public sealed partial class PortPoolGrain : Grain, IPortPoolGrain
{
    private readonly IClaimStore _claims;
    private readonly IHolderCatalog _holders;
    private readonly PoolMetrics _metrics;
    private readonly TimeSpan _auditPeriod;
    private readonly PoolRegistry _pools;
    private readonly TimeProvider _clock;
    private readonly ILogger<PortPoolGrain> _logger;
    private readonly TimeSpan _repairAge;
    private readonly ClaimWrites _writes;
    private PortRange _range = PortRange.Empty;
    private FailureKind _failure = FailureKind.StorageDown;
    private string _name = GrainKeys.DefaultPool;

    public PortPoolGrain(
        IClaimStore claims, IHolderCatalog holders, PoolRegistry pools, TimeProvider clock, IOptions<PoolOptions> options, PoolMetrics metrics, ILogger<PortPoolGrain> logger)
    {
        (_claims, _holders, _pools, _clock, _logger, _metrics) = (claims, holders, pools, clock, logger, metrics);
        (_repairAge, _auditPeriod) = (options.Value.RepairAge, options.Value.AuditPeriod);
        _writes = new ClaimWrites(claims, metrics.RecordWrite);
    }

    // The pool in memory, ahead of storage by the changes not yet written.
    private PoolState Pool => _writes.Pool;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _name = this.GetPrimaryKeyString();
        // A pool no longer configured hands out nothing; its holders can still release their ports.
        _range = _pools.Find(_name)?.Range ?? PortRange.Empty;
        var loaded = await _writes.LoadAsync(_name, cancellationToken);
        if (loaded.TakenOutside(_range) is var outside and > 0)
        {
            LogOutside(outside, _name, _range.ToString());
        }
        this.RegisterGrainTimer(SettleGrantsAsync, new GrainTimerCreationOptions(_repairAge, _repairAge) { Interleave = true });
        this.RegisterGrainTimer(AuditAsync, new GrainTimerCreationOptions(_auditPeriod, _auditPeriod) { Interleave = true });
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Commits and repairs are stored with the next write; store them now rather than redo them.
        if (!_writes.Broken && _writes.Unstored)
        {
            await PersistAsync();
        }
    }

    async Task<Allocation> IPortPoolGrain.AllocateAsync(LeaseKey key, int? requested, int? replacing, string? within)
    {
        if (_writes.Broken)
        {
            return Unavailable();
        }
        var range = within is not null && AllowPorts.Parse(within) is Parsed<PortRange>.Ok(var own) ? _range.Intersect(own) : _range;
        var step = PortPool.Allocate(Pool, range, key, requested, replacing, _clock.GetUtcNow());
        var changed = _writes.Stage(step.State, key, requested);
        bool stored;
        if (changed)
        {
            stored = await PersistAsync();
        }
        else
        {
            // A grant seen before may still be on its way to storage: answer once it is there.
            stored = step.Outcome is not Allocation.Granted || await _writes.WrittenAsync();
        }
        return stored ? step.Outcome : Unavailable();
    }

    Task IPortPoolGrain.CommitAsync(LeaseKey key, int port)
    {
        // Not written on its own: the next write carries it, and a lost commit is redone by repair.
        _writes.Stage(PortPool.Commit(Pool, key, port), key, port);
        return Task.CompletedTask;
    }

    Task<bool> IPortPoolGrain.PrepareReleaseAsync(LeaseKey key, int port) =>
        ChangeAsync(PortPool.PrepareRelease(Pool, key, port, _clock.GetUtcNow()), key, port);

    Task<bool> IPortPoolGrain.ReleaseAsync(LeaseKey key, int port) =>
        ChangeAsync(PortPool.Release(Pool, key, port), key, port);

    Task<PoolStats> IPortPoolGrain.GetStatsAsync() => Task.FromResult(new PoolStats(
        _range.ToString(), _range.Count, Pool.Tcp.Count, Pool.Udp.Count, Pool.Pending.Count,
        Pool.TakenOutside(_range), RuntimeIdentity, _name, Pool.Reserved.Count));

    Task<LeaseKey?> IPortPoolGrain.GetHolderAsync(Protocol protocol, int port) => Task.FromResult(Pool.HolderOf(protocol, port));

    Task<HolderPage> IPortPoolGrain.ListHoldersAsync(HolderQuery query) => Task.FromResult(HolderListing.Page(Pool, query));

    async Task<ReserveResult> IPortPoolGrain.ReserveAsync(Protocol protocol, int port, LeaseKey? proxy)
    {
        if (_writes.Broken)
        {
            return new ReserveResult.Unavailable(Unavailable().Reason);
        }
        var at = new PoolPort(protocol, port);
        var (next, outcome) = PortPool.Reserve(Pool, _range, at, proxy, _clock.GetUtcNow());
        switch (outcome)
        {
            case PortPool.Reserving.Done(var reservation):
                var stored = await StageAsync(next, at);
                return stored ? new ReserveResult.Done(Info(reservation)) : new ReserveResult.Unavailable(Unavailable().Reason);
            case PortPool.Reserving.Conflict(var reason):
                return new ReserveResult.Conflict(reason);
            case PortPool.Reserving.NotInRange(var range):
                return new ReserveResult.NotInRange(range);
            default:
                throw new InvalidOperationException($"unknown reservation outcome {outcome}");
        }
    }

    async Task<ReserveResult> IPortPoolGrain.UnreserveAsync(Protocol protocol, int port)
    {
        var at = new PoolPort(protocol, port);
        var (next, removed) = PortPool.Unreserve(Pool, at);
        if (removed is null)
        {
            return new ReserveResult.Missing();
        }
        if (_writes.Broken)
        {
            return new ReserveResult.Unavailable(Unavailable().Reason);
        }
        var stored = await StageAsync(next, at);
        return stored ? new ReserveResult.Done(Info(removed)) : new ReserveResult.Unavailable(Unavailable().Reason);
    }

    Task<ImmutableArray<ReservationInfo>> IPortPoolGrain.ListReservationsAsync() => Task.FromResult(Pool.Reserved.Values
        .OrderBy(r => r.Port.Protocol).ThenBy(r => r.Port.Port).Select(Info).ToImmutableArray());

    private static ReservationInfo Info(Reservation reservation) => new(
        reservation.Port.Protocol.Name(), reservation.Port.Port, reservation.For?.User, reservation.For?.Name, reservation.Since);

    // Stores the pool, changed at port, with the next shared write; true once stored (a no-op change is stored already).
    private async Task<bool> StageAsync(PoolState next, PoolPort port)
    {
        var changed = _writes.Stage(next, port);
        if (!changed)
        {
            return await _writes.WrittenAsync();
        }
        return await PersistAsync();
    }

    async Task<ImmutableArray<OwnLimit>?> IPortPoolGrain.ListLimitsAsync()
    {
        var limits = ImmutableArray.CreateBuilder<OwnLimit>();
        try
        {
            await foreach (var (user, limit) in _holders.ReadLimitsAsync(_name, CancellationToken.None))
            {
                limits.Add(new OwnLimit(user, limit));
            }
        }
        catch (Exception e)
        {
            LogReadFailed(_name, "its users' limits", e.GetType().Name, e.Message);
            return null;
        }
        return [.. limits.OrderBy(l => l.User, StringComparer.Ordinal)];
    }

    // Stores a change of the key's claim at port; true once stored (a no-op change needs no write).
    private async Task<bool> ChangeAsync(PoolState next, LeaseKey key, int port)
    {
        if (_writes.Broken)
        {
            return false;
        }
        var changed = _writes.Stage(next, key, port);
        if (!changed)
        {
            return true;
        }
        return await PersistAsync();
    }

    async Task<RepairReport?> IPortPoolGrain.RepairAsync()
    {
        ImmutableArray<Claim> claims;
        var held = new List<(LeaseKey, int)>();
        try
        {
            claims = await _claims.LoadAsync(_name, CancellationToken.None);
            await foreach (var entry in _holders.ReadHeldAsync(_name, CancellationToken.None))
            {
                held.Add(entry);
            }
        }
        catch (Exception e)
        {
            LogReadFailed(_name, "its claims, users and groups for repair", e.GetType().Name, e.Message);
            return null;
        }
        var settled = new List<Settlement>();
        foreach (var finding in ClaimAudit.Compare(claims, held))
        {
            var (holder, port) = ClaimAudit.Asked(finding);
            var holds = await HoldsAsync(holder, port.Port);
            if (ClaimAudit.Settle(finding, holds) is not { } settlement)
            {
                continue;
            }
            var done = await SettleAsync(settlement);
            if (done)
            {
                _metrics.RecordFinding(_name, settlement.Kind);
                LogFinding(_name, settlement.Line);
                settled.Add(settlement);
            }
        }
        return new RepairReport(
            _name, claims.Length, held.Count,
            settled.Count(s => s is Settlement.Free), settled.Count(s => s is Settlement.Claim), settled.Count(s => s is Settlement.Forget),
            [.. settled.Select(s => s.Line)]);
    }

    // True once the settlement is stored; false when it turned out a no-op or could not be stored.
    private Task<bool> SettleAsync(Settlement settlement) => settlement switch
    {
        Settlement.Free(var port, var holder) => RepairChangeAsync(PortPool.FreeUnheld(Pool, holder, port.Port), holder, port.Port),
        Settlement.Claim(var port, var holder) => RepairChangeAsync(PortPool.ClaimHeld(Pool, holder, port.Port), holder, port.Port),
        Settlement.Forget(var port, _, var other) when other.IsGroup => GrainFactory.Group(_name, other.Protocol, other.Name).ForgetAsync(port.Port),
        Settlement.Forget(var port, _, var other) => GrainFactory.User(_name, other.User).ForgetAsync(other.Protocol, other.Name, port.Port),
        _ => throw new InvalidOperationException($"unknown settlement {settlement}"),
    };

    private async Task<bool> RepairChangeAsync(PoolState next, LeaseKey holder, int port)
    {
        if (_writes.Broken)
        {
            return false;
        }
        var changed = _writes.Stage(next, holder, port);
        if (!changed)
        {
            return false;
        }
        return await PersistAsync();
    }

    // A repair that cannot read storage logs why and runs again on the next period.
    private Task AuditAsync(CancellationToken cancellationToken) => ((IPortPoolGrain)this).RepairAsync();

    // Null when the holder's grain cannot tell.
    private async Task<bool?> HoldsAsync(LeaseKey holder, int port)
    {
        try
        {
            var lease = await GrainFactory.LeaseAsync(_name, holder);
            return lease?.Port == port;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogRepairFailed(holder.ToString(), e.GetType().Name, e.Message);
            return null;
        }
    }

    // Asks the user or group of every old unconfirmed grant what it holds, then commits or releases the grant.
    private async Task SettleGrantsAsync(CancellationToken cancellationToken)
    {
        var changed = false;
        foreach (var grant in PortPool.Stale(Pool, _clock.GetUtcNow(), _repairAge).ToList())
        {
            try
            {
                var lease = await GrainFactory.LeaseAsync(_name, grant.Key);
                changed |= _writes.Stage(PortPool.Settle(Pool, grant, lease?.Port), grant.Key, null);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogRepairFailed(grant.Key.ToString(), e.GetType().Name, e.Message);
            }
        }
        if (changed && !_writes.Broken)
        {
            await PersistAsync();
        }
    }

    // Stores what is staged; on failure the pool in memory may be ahead of storage, so the activation reloads from storage.
    private async Task<bool> PersistAsync()
    {
        if (await _writes.StoreAsync() is not { } failed)
        {
            return true;
        }
        _failure = Failures.Classify(failed);
        if (failed is ClaimConflictException)
        {
            LogConflict(_name, failed.Message);
        }
        else
        {
            LogWriteFailed(_name, Failures.Describe(_failure), failed.GetType().Name, failed.Message);
        }
        DeactivateOnIdle();
        return false;
    }

    private Allocation.Unavailable Unavailable() =>
        new($"the port pool could not store the allocation: {Failures.Describe(_failure)}");

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Outside} taken ports of pool {Pool} lie outside its allow ports {Range}; their holders move into the range on their next request")]
    private partial void LogOutside(int outside, string pool, string range);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Repair of the unconfirmed grant to {Key} failed ({Error}: {Message}); it is retried later")]
    private partial void LogRepairFailed(string key, string error, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pool {Pool} repair: {Finding}")]
    private partial void LogFinding(string pool, string finding);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pool {Pool} could not read {What} ({Error}: {Message}); nothing changed, ask again later")]
    private partial void LogReadFailed(string pool, string what, string error, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pool {Pool}: storage refused a claim ({Message}); another activation wrote first, so this one reloads from storage")]
    private partial void LogConflict(string pool, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pool {Pool} could not store its claims, {Reason} ({Error}: {Message}); it reloads from storage")]
    private partial void LogWriteFailed(string pool, string reason, string error, string message);
}
