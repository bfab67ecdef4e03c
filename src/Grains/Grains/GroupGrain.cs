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
    PortRange range,
    TimeProvider clock,
    ILogger<GroupGrain> logger) : Grain, IGroupGrain
{
    private string _pool = GrainKeys.DefaultPool;
    private LeaseKey _key = null!;
    private LeaseState? _lease;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var (pool, protocol, group) = GrainKeys.ParseGroup(this.GetPrimaryKeyString())
            ?? throw new ArgumentException($"'{this.GetPrimaryKeyString()}' is not a group key");
        (_pool, _key) = (pool, LeaseKey.ForGroup(protocol, group));
        // A cleared lease may read back as an empty record, depending on the storage.
        _lease = store.RecordExists && store.State.Port > 0 ? store.State.ToState() : null;
        return Task.CompletedTask;
    }

    async Task<Allocation> IGroupGrain.AcquireAsync(GroupRequest request)
    {
        var now = clock.GetUtcNow();
        switch (Groups.Decide(_lease, request.RequestedPort, range))
        {
            case null:
                return new Allocation.GroupHolds(_key.Name, _lease!.Port);
            case LeaseDecision.Known known:
                var seen = Leases.Seen(_lease!, request.ProxyName, now, request.RunId);
                if (Leases.SeenMustBeStored(_lease!))
                {
                    await StoreAsync(seen);
                }
                else
                {
                    _lease = seen;
                }
                return new Allocation.Granted(known.Port, IsNew: false);
            case LeaseDecision.NeedsPort needs:
                var pool = GrainFactory.Pool(_pool);
                var outcome = await PoolCalls.AllocateAsync(pool, _key, needs, logger);
                if (outcome is not Allocation.Granted granted)
                {
                    return outcome;
                }
                if (!await StoreAsync(Leases.Grant(granted.Port, request.ProxyName, now, request.RunId)))
                {
                    return new Allocation.Unavailable("the group's port could not be stored");
                }
                await pool.CommitAsync(_key, granted.Port);
                return new Allocation.Granted(granted.Port, IsNew: true);
            default:
                throw new InvalidOperationException("unknown lease decision");
        }
    }

    Task<LeaseInfo?> IGroupGrain.GetAsync() => Task.FromResult(Info());

    async Task<Release> IGroupGrain.ReleaseAsync(bool force) => Releases.Decide(_lease, force) switch
    {
        ReleaseDecision.NotHeld => new Release.NotHeld(),
        ReleaseDecision.Connected => new Release.Connected(Info()!),
        _ => (Release)new Release.Released((await ReleaseAsync())!),
    };

    Task<LeaseInfo?> IGroupGrain.ExpireAsync(TimeSpan expiry) =>
        _lease is not null && Leases.IsExpired(_lease, clock.GetUtcNow(), expiry) ? ReleaseAsync() : Task.FromResult<LeaseInfo?>(null);

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
            DeactivateOnIdle();
            throw;
        }
        _lease = null;
        await pool.ReleaseAsync(_key, released.Port);
        return released;
    }

    private LeaseInfo? Info() => _lease is null
        ? null
        : new LeaseInfo(_key.ToString(), _lease.Port, _lease.GrantedAt, _lease.LastSeen, _lease.Online, _lease.LastProxyName, "", _key.Protocol.Name());

    private async Task<bool> StoreAsync(LeaseState next)
    {
        try
        {
            store.State = LeaseRecord.From(next);
            await store.WriteStateAsync();
            _lease = next;
            return true;
        }
        catch (Exception e)
        {
            // Whether the write landed is unknown: the next activation reads what storage has.
            LogWriteFailed(e.GetType().Name, e.Message, _key.ToString());
            DeactivateOnIdle();
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Group {Key} could not be stored ({Error}: {Message}); it reloads from storage")]
    private partial void LogWriteFailed(string error, string message, string key);
}
