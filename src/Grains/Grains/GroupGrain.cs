using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using PortKeeper.Contracts;
using PortKeeper.Domain;

namespace PortKeeper.Grains;

/// <summary>
/// The port of one load-balancing group, shared by its members. A known group is answered from
/// memory; the first member's request asks the pool, then stores the group before answering.
/// </summary>
public sealed partial class GroupGrain(
    [PersistentState(StorageNames.GroupState, StorageNames.Provider)] IPersistentState<LeaseRecord> store,
    PoolRegistry pools,
    TimeProvider clock,
    ILogger<GroupGrain> logger) : Grain, IGroupGrain
{
    private string _pool = GrainKeys.DefaultPool;
    private LeaseKey _key = null!;
    private GroupState? _group;
    private FailureKind _failure = FailureKind.StorageDown;
    private PortRange? _range;

    private LeaseState? Lease => _group?.Lease;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var (pool, protocol, group) = GrainKeys.ParseGroup(this.GetPrimaryKeyString())
            ?? throw new ArgumentException($"'{this.GetPrimaryKeyString()}' is not a group key");
        (_pool, _key) = (pool, LeaseKey.ForGroup(protocol, group));
        _range = pools.Find(pool)?.Range;
        // A cleared lease may read back as an empty record, depending on the storage.
        _group = store.RecordExists && store.State.Port > 0 ? store.State.ToGroup() : null;
        return Task.CompletedTask;
    }

    async Task<Allocation> IGroupGrain.AcquireAsync(GroupRequest request)
    {
        if (_range is null)
        {
            return PoolCalls.NotConfigured(_pool);
        }
        var now = clock.GetUtcNow();
        switch (Groups.Decide(Lease, request.RequestedPort, _range))
        {
            case LeaseDecision.Pinned pinned:
                return new Allocation.GroupHolds(_key.Name, pinned.Port);
            case LeaseDecision.Known known when _group is { } group:
                var member = new MemberId(request.User, request.ProxyName);
                var joined = Groups.Joined(group, member, now, request.RunId);
                if (Groups.JoinMustBeStored(group, member, request.RunId))
                {
                    await StoreAsync(joined);
                }
                else if (!ReferenceEquals(joined, group))
                {
                    _group = joined;
                }
                return new Allocation.Granted(known.Port, IsNew: false);
            case LeaseDecision.NeedsPort needs:
                var pool = GrainFactory.Pool(_pool);
                var outcome = await PoolCalls.AllocateAsync(pool, _key, needs, logger);
                if (outcome is not Allocation.Granted granted)
                {
                    return outcome;
                }
                var grant = Leases.Grant(granted.Port, request.ProxyName, now, request.RunId);
                // A group that moved to a new port keeps its members.
                var next = _group is null
                    ? GroupState.Granted(grant, new MemberId(request.User, request.ProxyName))
                    : Groups.Joined(_group with { Lease = grant }, new MemberId(request.User, request.ProxyName), now, request.RunId);
                var stored = await StoreAsync(next);
                if (!stored)
                {
                    return new Allocation.Unavailable($"the group's port could not be stored: {Failures.Describe(_failure)}");
                }
                await pool.CommitAsync(_key, granted.Port);
                return new Allocation.Granted(granted.Port, IsNew: true);
            default:
                throw new InvalidOperationException("unknown lease decision");
        }
    }

    async Task<Allocation> IGroupGrain.ImportAsync(int port, DateTimeOffset? grantedAt)
    {
        if (_range is null)
        {
            return PoolCalls.NotConfigured(_pool);
        }
        if (Lease is { } held)
        {
            return new Allocation.Granted(held.Port, IsNew: false);
        }
        var pool = GrainFactory.Pool(_pool);
        var outcome = await PoolCalls.AllocateAsync(pool, _key, new LeaseDecision.NeedsPort(port, null), logger);
        if (outcome is not Allocation.Granted granted)
        {
            return outcome;
        }
        var now = clock.GetUtcNow();
        var stored = await StoreAsync(new GroupState(Leases.Imported(granted.Port, "", grantedAt ?? now, now), ImmutableDictionary<MemberId, MemberState>.Empty));
        if (!stored)
        {
            return new Allocation.Unavailable($"the imported port could not be stored: {Failures.Describe(_failure)}");
        }
        await pool.CommitAsync(_key, granted.Port);
        return new Allocation.Granted(granted.Port, IsNew: true);
    }

    async Task IGroupGrain.LeaveAsync(GroupLeave leave)
    {
        if (_group is null)
        {
            return;
        }
        var left = Groups.Left(_group, new MemberId(leave.User, leave.ProxyName), leave.At ?? clock.GetUtcNow(), leave.RunId);
        if (!ReferenceEquals(left, _group))
        {
            await StoreAsync(left);
        }
    }

    Task<LeaseInfo?> IGroupGrain.GetAsync() => Task.FromResult(Info());

    Task<ImmutableArray<GroupMember>> IGroupGrain.GetMembersAsync() => Task.FromResult(_group is null ? []
        : _group.Members.OrderBy(m => m.Key.User, StringComparer.Ordinal).ThenBy(m => m.Key.ProxyName, StringComparer.Ordinal)
            .Select(m => new GroupMember(m.Key.User, m.Key.ProxyName, m.Value.Online, m.Value.LastSeen)).ToImmutableArray());

    Task<Release> IGroupGrain.ReleaseAsync(bool force) => Releases.Decide(Lease, force) switch
    {
        ReleaseDecision.Connected(var lease) => Task.FromResult<Release>(new Release.Connected(Info(lease))),
        ReleaseDecision.Release(var lease) => ReleaseAsync(lease),
        _ => Task.FromResult<Release>(new Release.NotHeld()),
    };

    async Task<bool> IGroupGrain.ForgetAsync(int port)
    {
        if (Lease?.Port != port)
        {
            return false;
        }
        return await ClearAsync();
    }

    async Task<LeaseInfo?> IGroupGrain.ExpireAsync(TimeSpan expiry)
    {
        if (Lease is not { } lease || !Leases.IsExpired(lease, clock.GetUtcNow(), expiry))
        {
            return null;
        }
        var outcome = await ReleaseAsync(lease);
        return outcome is Release.Released(var released) ? released : null;
    }

    // Pool first: until the group has forgotten its port, the pool keeps it as a pending grant, which
    // repair frees if the last step is lost.
    private async Task<Release> ReleaseAsync(LeaseState lease)
    {
        var pool = GrainFactory.Pool(_pool);
        var prepared = await PoolCalls.ReleaseStepAsync(() => pool.PrepareReleaseAsync(_key, lease.Port), _key, logger);
        if (!prepared)
        {
            return new Release.Unavailable($"the pool could not store the release of port {lease.Port}");
        }
        var cleared = await ClearAsync();
        if (!cleared)
        {
            return new Release.Unavailable($"the release of {_key} could not be stored: {Failures.Describe(_failure)}");
        }
        await PoolCalls.ReleaseStepAsync(() => pool.ReleaseAsync(_key, lease.Port), _key, logger);
        return new Release.Released(Info(lease));
    }

    private LeaseInfo? Info() => Lease is { } lease ? Info(lease) : null;

    private LeaseInfo Info(LeaseState lease) =>
        new(_key.ToString(), lease.Port, lease.GrantedAt, lease.LastSeen, lease.Online, lease.LastProxyName, "", _key.Protocol.Name());

    // Forgets the group's lease durably; false when storage failed (the lease is then as before).
    private async Task<bool> ClearAsync()
    {
        try
        {
            await store.ClearStateAsync();
            _group = null;
            return true;
        }
        catch (Exception e)
        {
            Failed(e);
            return false;
        }
    }

    private async Task<bool> StoreAsync(GroupState next)
    {
        try
        {
            store.State = GroupRecords.From(next);
            await store.WriteStateAsync();
            _group = next;
            return true;
        }
        catch (Exception e)
        {
            Failed(e);
            return false;
        }
    }

    // Whether a failed write landed is unknown: the next activation reads what storage has (and a
    // write over one that landed is refused by its version, which reloads then).
    private void Failed(Exception e)
    {
        _failure = Failures.Classify(e);
        LogWriteFailed(e.GetType().Name, e.Message, _key.ToString());
        if (Failures.Reloads(_failure))
        {
            DeactivateOnIdle();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Group {Key} could not be stored ({Error}: {Message}); it reloads from storage")]
    private partial void LogWriteFailed(string error, string message, string key);
}
