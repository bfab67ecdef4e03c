using Microsoft.Extensions.Logging;
using PortKeeper.Contracts;
using PortKeeper.Domain;

namespace PortKeeper.Grains;

/// <summary>
/// One key's port. A known key is answered from memory; a first allocation asks the pool, then
/// stores the lease before answering. Not reentrant: one request of a key at a time.
/// </summary>
public sealed partial class LeaseGrain(
    [PersistentState(StorageNames.LeaseState, StorageNames.Provider)] IPersistentState<LeaseRecord> store,
    PortRange range,
    TimeProvider clock,
    ILogger<LeaseGrain> logger) : Grain, ILeaseGrain
{
    private LeaseKey _key = null!;
    private LeaseState? _lease;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = LeaseKey.Parse(this.GetPrimaryKeyString())
            ?? throw new ArgumentException($"'{this.GetPrimaryKeyString()}' is not a lease key");
        // A cleared lease may read back as an empty record, depending on the storage.
        _lease = store.RecordExists && store.State.Port > 0 ? store.State.ToState() : null;
        return Task.CompletedTask;
    }

    async Task<Allocation> ILeaseGrain.AcquireAsync(LeaseRequest request)
    {
        var now = clock.GetUtcNow();
        switch (Leases.Decide(_lease, request.RequestedPort, range))
        {
            case LeaseDecision.Known known:
                var seen = Leases.Seen(_lease!, request.ProxyName, now, request.RunId);
                if (!Leases.SeenMustBeStored(_lease!) || !await StoreAsync(seen))
                {
                    _lease = seen;
                }
                return new Allocation.Granted(known.Port, IsNew: false);
            case LeaseDecision.NeedsPort needs:
                var pool = GrainFactory.GetGrain<IPortPoolGrain>(IPortPoolGrain.SingletonKey);
                var outcome = await AskPoolAsync(pool, needs);
                if (outcome is Allocation.Unavailable)
                {
                    // A pool activation whose write failed (a stale duplicate left by a membership
                    // change, or a storage fault) deactivates itself: one retry reaches a fresh
                    // activation that reads the stored pool. Repeating a grant returns the same port.
                    outcome = await AskPoolAsync(pool, needs);
                }
                if (outcome is not Allocation.Granted granted)
                {
                    return outcome;
                }
                var next = Leases.Grant(granted.Port, request.ProxyName, now, request.RunId);
                if (!await StoreAsync(next))
                {
                    return new Allocation.Unavailable("the lease could not be stored");
                }
                await pool.CommitAsync(_key, granted.Port);
                return new Allocation.Granted(granted.Port, IsNew: true);
            default:
                throw new InvalidOperationException("unknown lease decision");
        }
    }

    async Task ILeaseGrain.CloseAsync(string runId)
    {
        if (_lease is not null && Leases.Closed(_lease, clock.GetUtcNow(), runId) is var closed && !ReferenceEquals(closed, _lease))
        {
            await StoreAsync(closed);
        }
    }

    Task<LeaseInfo?> ILeaseGrain.GetAsync() => Task.FromResult(Info());

    Task<LeaseInfo?> ILeaseGrain.ReleaseAsync() => ReleaseAsync();

    Task<LeaseInfo?> ILeaseGrain.ExpireAsync(TimeSpan expiry) =>
        _lease is not null && Leases.IsExpired(_lease, clock.GetUtcNow(), expiry) ? ReleaseAsync() : Task.FromResult<LeaseInfo?>(null);

    private async Task<LeaseInfo?> ReleaseAsync()
    {
        if (Info() is not { } released)
        {
            return null;
        }
        // Pool first: until the lease has forgotten its port, the pool keeps it as a pending grant.
        var pool = GrainFactory.GetGrain<IPortPoolGrain>(IPortPoolGrain.SingletonKey);
        await pool.PrepareReleaseAsync(_key, released.Port);
        try
        {
            await store.ClearStateAsync();
        }
        catch (Exception e)
        {
            LogWriteFailed(e, _key.ToString());
            DeactivateOnIdle();
            throw;
        }
        _lease = null;
        await pool.ReleaseAsync(_key, released.Port);
        return released;
    }

    private LeaseInfo? Info() => _lease is null
        ? null
        : new LeaseInfo(_key.ToString(), _lease.Port, _lease.GrantedAt, _lease.LastSeen, _lease.Online, _lease.LastProxyName);

    private async Task<Allocation> AskPoolAsync(IPortPoolGrain pool, LeaseDecision.NeedsPort needs)
    {
        try
        {
            return await pool.AllocateAsync(_key, needs.Requested, needs.Replacing);
        }
        catch (Exception e)
        {
            LogPoolFailed(e, _key.ToString());
            return new Allocation.Unavailable("the port pool did not answer");
        }
    }

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
            LogWriteFailed(e, _key.ToString());
            DeactivateOnIdle();
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The port pool failed to allocate for {Key}")]
    private partial void LogPoolFailed(Exception e, string key);

    [LoggerMessage(Level = LogLevel.Error, Message = "The lease of {Key} could not be stored")]
    private partial void LogWriteFailed(Exception e, string key);
}
