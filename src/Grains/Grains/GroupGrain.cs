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
            case null:
                return new Allocation.GroupHolds(_key.Name, Lease!.Port);
            case LeaseDecision.Known known:
                var member = new MemberId(request.User, request.ProxyName);
                var joined = Groups.Joined(_group!, member, now, request.RunId);
                if (Groups.JoinMustBeStored(_group!, member, request.RunId))
                {
                    await StoreAsync(joined);
                }
                else
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
                if (!await StoreAsync(next))
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
        if (!await StoreAsync(new GroupState(Leases.Imported(granted.Port, "", grantedAt ?? now, now), ImmutableDictionary<MemberId, MemberState>.Empty)))
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

    async Task<Release> IGroupGrain.ReleaseAsync(bool force) => Releases.Decide(Lease, force) switch
    {
        ReleaseDecision.NotHeld => new Release.NotHeld(),
        ReleaseDecision.Connected => new Release.Connected(Info()!),
        _ => (Release)new Release.Released((await ReleaseAsync())!),
    };

    async Task<bool> IGroupGrain.ForgetAsync(int port)
    {
        if (Lease?.Port != port)
        {
            return false;
        }
        await store.ClearStateAsync();
        _group = null;
        return true;
    }

    Task<LeaseInfo?> IGroupGrain.ExpireAsync(TimeSpan expiry) =>
        Lease is not null && Leases.IsExpired(Lease, clock.GetUtcNow(), expiry) ? ReleaseAsync() : Task.FromResult<LeaseInfo?>(null);

    private async Task<LeaseInfo?> ReleaseAsync()
    {
        if (Info() is not { } released)
        {
            return null;
        }
        // Pool first: until the group has forgotten its port, the pool keeps it as a pending grant.
        var pool = GrainFactory.Pool(_pool);
        await pool.PrepareReleaseAsync(_key, released.Port);
        try
        {
            await store.ClearStateAsync();
        }
        catch (Exception e)
        {
            LogWriteFailed(e.GetType().Name, e.Message, _key.ToString());
            if (Failures.Reloads(Failures.Classify(e)))
            {
                DeactivateOnIdle();
            }
            throw;
        }
        _group = null;
        await pool.ReleaseAsync(_key, released.Port);
        return released;
    }

    private LeaseInfo? Info() => Lease is null
        ? null
        : new LeaseInfo(_key.ToString(), Lease.Port, Lease.GrantedAt, Lease.LastSeen, Lease.Online, Lease.LastProxyName, "", _key.Protocol.Name());

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
            // Whether the write landed is unknown: the next activation reads what storage has (and
            // a write over one that landed is refused by its version, which reloads then).
            _failure = Failures.Classify(e);
            LogWriteFailed(e.GetType().Name, e.Message, _key.ToString());
            if (Failures.Reloads(_failure))
            {
                DeactivateOnIdle();
            }
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Group {Key} could not be stored ({Error}: {Message}); it reloads from storage")]
    private partial void LogWriteFailed(string error, string message, string key);
}
