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
    private PortRange _range = PortRange.Empty;
    private readonly TimeProvider _clock;
    private readonly ILogger<PortPoolGrain> _logger;
    private readonly TimeSpan _repairAge;
    private readonly GroupCommit _commit;
    private readonly HashSet<PoolPort> _dirty = [];
    private ImmutableArray<ClaimChange> _batch = [];
    private int _joined;
    private FailureKind _failure = FailureKind.StorageDown;
    private string _name = GrainKeys.DefaultPool;
    private PoolState _pool = PoolState.Empty;
    private PoolState _stored = PoolState.Empty;

    public PortPoolGrain(
        IClaimStore claims, IHolderCatalog holders, PoolRegistry pools, TimeProvider clock, IOptions<PoolOptions> options, PoolMetrics metrics, ILogger<PortPoolGrain> logger)
    {
        (_claims, _holders, _pools, _clock, _logger, _metrics) = (claims, holders, pools, clock, logger, metrics);
        (_repairAge, _auditPeriod) = (options.Value.RepairAge, options.Value.AuditPeriod);
        _commit = new GroupCommit(() => _batch.IsEmpty ? Task.CompletedTask : _claims.WriteAsync(_name, _batch, CancellationToken.None), metrics.RecordWrite);
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _name = this.GetPrimaryKeyString();
        // A pool no longer configured hands out nothing; its holders can still release their ports.
        _range = _pools.Find(_name)?.Range ?? PortRange.Empty;
        _pool = _stored = Claims.Load(await _claims.LoadAsync(_name, cancellationToken));
        if (_pool.TakenOutside(_range) is var outside and > 0)
        {
            LogOutside(outside, _name, _range.ToString());
        }
        this.RegisterGrainTimer(SettleGrantsAsync, new GrainTimerCreationOptions(_repairAge, _repairAge) { Interleave = true });
        this.RegisterGrainTimer(AuditAsync, new GrainTimerCreationOptions(_auditPeriod, _auditPeriod) { Interleave = true });
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Commits and repairs are stored with the next write; store them now rather than redo them.
        if (!_commit.Broken && _dirty.Count > 0)
        {
            await PersistAsync();
        }
    }

    async Task<Allocation> IPortPoolGrain.AllocateAsync(LeaseKey key, int? requested, int? replacing, string? within)
    {
        if (_commit.Broken)
        {
            return Unavailable();
        }
        var range = within is not null && AllowPorts.Parse(within) is Parsed<PortRange>.Ok(var own) ? _range.Intersect(own) : _range;
        var step = PortPool.Allocate(_pool, range, key, requested, replacing, _clock.GetUtcNow());
        if (ReferenceEquals(step.State, _pool))
        {
            // A grant seen before may still be on its way to storage: answer once it is there.
            return step.Outcome is not Allocation.Granted || await WrittenAsync() ? step.Outcome : Unavailable();
        }
        Apply(step.State, key, requested);
        return await PersistAsync() ? step.Outcome : Unavailable();
    }

    Task IPortPoolGrain.CommitAsync(LeaseKey key, int port)
    {
        // Not written on its own: the next write carries it, and a lost commit is redone by repair.
        Apply(PortPool.Commit(_pool, key, port), key, port);
        return Task.CompletedTask;
    }

    Task IPortPoolGrain.PrepareReleaseAsync(LeaseKey key, int port) =>
        ChangeAsync(PortPool.PrepareRelease(_pool, key, port, _clock.GetUtcNow()), key, port, $"the release of port {port} could not be prepared");

    Task IPortPoolGrain.ReleaseAsync(LeaseKey key, int port) =>
        ChangeAsync(PortPool.Release(_pool, key, port), key, port, $"the release of port {port} could not be stored");

    Task<PoolStats> IPortPoolGrain.GetStatsAsync() => Task.FromResult(new PoolStats(
        _range.ToString(), _range.Count, _pool.Tcp.Count, _pool.Udp.Count, _pool.Pending.Count,
        _pool.TakenOutside(_range), RuntimeIdentity, _name, _pool.Reserved.Count));

    Task<LeaseKey?> IPortPoolGrain.GetHolderAsync(Protocol protocol, int port) => Task.FromResult(_pool.HolderOf(protocol, port));

    Task<HolderPage> IPortPoolGrain.ListHoldersAsync(HolderQuery query) => Task.FromResult(HolderListing.Page(_pool, query));

    async Task<ReserveResult> IPortPoolGrain.ReserveAsync(Protocol protocol, int port, LeaseKey? proxy)
    {
        if (_commit.Broken)
        {
            return new ReserveResult.Unavailable(Unavailable().Reason);
        }
        var at = new PoolPort(protocol, port);
        var (next, outcome) = PortPool.Reserve(_pool, _range, at, proxy, _clock.GetUtcNow());
        return outcome switch
        {
            PortPool.Reserving.Done(var reservation) => await ChangedAsync(next, at) ? new ReserveResult.Done(Info(reservation)) : new ReserveResult.Unavailable(Unavailable().Reason),
            PortPool.Reserving.Conflict(var reason) => new ReserveResult.Conflict(reason),
            PortPool.Reserving.NotInRange(var range) => new ReserveResult.NotInRange(range),
            _ => throw new InvalidOperationException($"unknown reservation outcome {outcome}"),
        };
    }

    async Task<ReserveResult> IPortPoolGrain.UnreserveAsync(Protocol protocol, int port)
    {
        var at = new PoolPort(protocol, port);
        var (next, removed) = PortPool.Unreserve(_pool, at);
        return removed is null ? new ReserveResult.Missing()
            : !_commit.Broken && await ChangedAsync(next, at) ? new ReserveResult.Done(Info(removed))
            : new ReserveResult.Unavailable(Unavailable().Reason);
    }

    Task<ImmutableArray<ReservationInfo>> IPortPoolGrain.ListReservationsAsync() => Task.FromResult(_pool.Reserved.Values
        .OrderBy(r => r.Port.Protocol).ThenBy(r => r.Port.Port).Select(Info).ToImmutableArray());

    private static ReservationInfo Info(Reservation reservation) => new(
        reservation.Port.Protocol.Name(), reservation.Port.Port, reservation.For?.User, reservation.For?.Name, reservation.Since);

    // Stores the pool, changed at port, with the next shared write; true once stored (a no-op change is stored already).
    private async Task<bool> ChangedAsync(PoolState next, PoolPort port)
    {
        if (ReferenceEquals(next, _pool))
        {
            return await WrittenAsync();
        }
        _dirty.Add(port);
        _pool = next;
        return await PersistAsync();
    }

    async Task<ImmutableArray<OwnLimit>> IPortPoolGrain.ListLimitsAsync()
    {
        var limits = ImmutableArray.CreateBuilder<OwnLimit>();
        await foreach (var (user, limit) in _holders.ReadLimitsAsync(_name, CancellationToken.None))
        {
            limits.Add(new OwnLimit(user, limit));
        }
        return [.. limits.OrderBy(l => l.User, StringComparer.Ordinal)];
    }

    private void Apply(PoolState next, LeaseKey key, int? port)
    {
        _dirty.UnionWith(PortPool.Touched(_pool, next, key, port));
        _pool = next;
    }

    private async Task ChangeAsync(PoolState next, LeaseKey key, int port, string failure)
    {
        if (_commit.Broken)
        {
            throw new InvalidOperationException(failure);
        }
        if (!ReferenceEquals(next, _pool))
        {
            Apply(next, key, port);
            if (!await PersistAsync())
            {
                throw new InvalidOperationException(failure);
            }
        }
    }

    async Task<RepairReport> IPortPoolGrain.RepairAsync()
    {
        var claims = await _claims.LoadAsync(_name, CancellationToken.None);
        var held = new List<(LeaseKey, int)>();
        await foreach (var entry in _holders.ReadHeldAsync(_name, CancellationToken.None))
        {
            held.Add(entry);
        }
        int freed = 0, claimed = 0, moved = 0;
        var lines = ImmutableArray.CreateBuilder<string>();
        foreach (var finding in ClaimAudit.Compare(claims, held))
        {
            // Storage was read at two moments: the holder's grain, whose view is newest, decides.
            var (kind, line) = finding switch
            {
                Finding.Unheld(var port, var holder) when await HoldsAsync(holder, port.Port) is false
                    && await RepairChangeAsync(PortPool.FreeUnheld(_pool, holder, port.Port), holder, port.Port)
                    => ("unheld", $"{port}: claimed for {LeaseKeys.Describe(holder)}, which does not hold it: freed"),
                Finding.Unclaimed(var port, var holder) when await HoldsAsync(holder, port.Port) is true
                    && await RepairChangeAsync(PortPool.ClaimHeld(_pool, holder, port.Port), holder, port.Port)
                    => ("unclaimed", $"{port}: held by {LeaseKeys.Describe(holder)} but counted free: claimed for it"),
                Finding.HeldTwice(var port, var claimant, var other) when await HoldsAsync(other, port.Port) is true
                    && await ForgetAsync(other, port.Port)
                    => ("held_twice", $"{port}: held by {LeaseKeys.Describe(claimant)} and by {LeaseKeys.Describe(other)}: kept for the first, the second gets a port of its own on its next request"),
                _ => ((string?)null, (string?)null),
            };
            if (kind is null)
            {
                continue;
            }
            _ = kind switch { "unheld" => freed++, "unclaimed" => claimed++, _ => moved++ };
            _metrics.RecordFinding(_name, kind);
            LogFinding(_name, line!);
            lines.Add(line!);
        }
        return new RepairReport(_name, claims.Length, held.Count, freed, claimed, moved, lines.ToImmutable());
    }

    private async Task AuditAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ((IPortPoolGrain)this).RepairAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogAuditFailed(_name, e.GetType().Name, e.Message);
        }
    }

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

    private Task<bool> ForgetAsync(LeaseKey holder, int port) => holder.IsGroup
        ? GrainFactory.Group(_name, holder.Protocol, holder.Name).ForgetAsync(port)
        : GrainFactory.User(_name, holder.User).ForgetAsync(holder.Protocol, holder.Name, port);

    private async Task<bool> RepairChangeAsync(PoolState next, LeaseKey holder, int port)
    {
        if (ReferenceEquals(next, _pool) || _commit.Broken)
        {
            return false;
        }
        Apply(next, holder, port);
        return await PersistAsync();
    }

    // Asks the user or group of every old unconfirmed grant what it holds, then commits or releases the grant.
    private async Task SettleGrantsAsync(CancellationToken cancellationToken)
    {
        var changed = false;
        foreach (var grant in PortPool.Stale(_pool, _clock.GetUtcNow(), _repairAge).ToList())
        {
            try
            {
                var lease = await GrainFactory.LeaseAsync(_name, grant.Key);
                var settled = PortPool.Settle(_pool, grant, lease?.Port);
                changed |= !ReferenceEquals(settled, _pool);
                Apply(settled, grant.Key, null);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogRepairFailed(grant.Key.ToString(), e.GetType().Name, e.Message);
            }
        }
        if (changed && !_commit.Broken)
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
                _batch = Claims.Changes(_stored, _pool, _dirty);
                _stored = _pool;
                _dirty.Clear();
                var carried = _joined;
                _joined = 0;
                return carried;
            });
            return true;
        }
        catch (Exception e)
        {
            // The in-memory pool may now be ahead of what is stored: start again from storage.
            _failure = Failures.Classify(e);
            if (e is ClaimConflictException)
            {
                LogConflict(_name, e.Message);
            }
            else
            {
                LogWriteFailed(_name, Failures.Describe(_failure), e.GetType().Name, e.Message);
            }
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

    private Allocation.Unavailable Unavailable() =>
        new($"the port pool could not store the allocation: {Failures.Describe(_failure)}");

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Outside} taken ports of pool {Pool} lie outside its allow ports {Range}; their holders move into the range on their next request")]
    private partial void LogOutside(int outside, string pool, string range);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Repair of the unconfirmed grant to {Key} failed ({Error}: {Message}); it is retried later")]
    private partial void LogRepairFailed(string key, string error, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pool {Pool} repair: {Finding}")]
    private partial void LogFinding(string pool, string finding);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pool {Pool}: comparing claims with users and groups failed ({Error}: {Message}); it runs again later")]
    private partial void LogAuditFailed(string pool, string error, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pool {Pool}: storage refused a claim ({Message}); another activation wrote first, so this one reloads from storage")]
    private partial void LogConflict(string pool, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pool {Pool} could not store its claims, {Reason} ({Error}: {Message}); it reloads from storage")]
    private partial void LogWriteFailed(string pool, string reason, string error, string message);
}
