using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using PortKeeper.Contracts;
using PortKeeper.Domain;

namespace PortKeeper.Grains;

/// <summary>
/// Every proxy of one user in one pool. A known proxy is answered from memory; a first allocation
/// asks the pool, then stores the user before answering; a grouped proxy is answered by its group.
/// Reentrant, so that a user with hundreds of proxies connecting at once is not served one at a
/// time: requests of one proxy still run one after another, and concurrent changes share one
/// durable write (group commit). Every state change happens between awaits.
/// </summary>
[Reentrant]
public sealed partial class UserGrain(
    [PersistentState(StorageNames.UserState, StorageNames.Provider)] IPersistentState<UserRecord> store,
    PortRange range,
    TimeProvider clock,
    ILogger<UserGrain> logger) : Grain, IUserGrain
{
    private readonly Dictionary<ProxyId, Task> _busy = [];
    private readonly GroupCommit _commit = new(store.WriteStateAsync);
    private string _pool = GrainKeys.DefaultPool;
    private string _user = "";
    private UserState _state = UserState.Empty;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_pool, _user) = GrainKeys.ParseUser(this.GetPrimaryKeyString())
            ?? throw new ArgumentException($"'{this.GetPrimaryKeyString()}' is not a user key");
        _state = store.RecordExists ? store.State.ToState() : UserState.Empty;
        return Task.CompletedTask;
    }

    Task<Allocation> IUserGrain.AcquireAsync(ProxyRequest request) =>
        request.Group is { Length: > 0 } group
            ? GrainFactory.Group(_pool, request.Protocol, group)
                .AcquireAsync(new GroupRequest(_user, request.ProxyName, request.RequestedPort, request.RunId))
            : OneAtATimeAsync(new ProxyId(request.Protocol, request.ProxyName), id => AcquireAsync(id, request));

    async Task IUserGrain.CloseAsync(string proxyName, string runId)
    {
        foreach (var protocol in Protocols.All)
        {
            var id = new ProxyId(protocol, proxyName);
            if (_state.Lease(id) is not null)
            {
                await OneAtATimeAsync(id, async _ =>
                {
                    var closed = Users.Closed(_state, proxyName, clock.GetUtcNow(), runId);
                    if (closed.Lease(id) is { } lease && !ReferenceEquals(lease, _state.Lease(id)))
                    {
                        await StoreAsync(id, lease);
                    }
                    return true;
                });
            }
        }
    }

    Task<LeaseInfo?> IUserGrain.GetAsync(Protocol protocol, string proxyName) =>
        Task.FromResult(Info(new ProxyId(protocol, proxyName)));

    Task<ImmutableArray<LeaseInfo>> IUserGrain.ListAsync() =>
        Task.FromResult(_state.Proxies.Keys.OrderBy(id => id.ToString(), StringComparer.Ordinal).Select(id => Info(id)!).ToImmutableArray());

    Task<Release> IUserGrain.ReleaseAsync(Protocol protocol, string proxyName, bool force) =>
        OneAtATimeAsync(new ProxyId(protocol, proxyName), async id => Releases.Decide(_state.Lease(id), force) switch
        {
            ReleaseDecision.NotHeld => new Release.NotHeld(),
            ReleaseDecision.Connected => new Release.Connected(Info(id)!),
            _ => (Release)new Release.Released((await ReleaseAsync(id))!),
        });

    async Task<ImmutableArray<LeaseInfo>> IUserGrain.ExpireAsync(TimeSpan expiry)
    {
        var released = ImmutableArray.CreateBuilder<LeaseInfo>();
        foreach (var id in Users.Expired(_state, clock.GetUtcNow(), expiry))
        {
            // Looked at again once the proxy's turn comes: it may have connected meanwhile.
            if (await OneAtATimeAsync(id, p => _state.Lease(p) is { } lease && Leases.IsExpired(lease, clock.GetUtcNow(), expiry)
                    ? ReleaseAsync(p)
                    : Task.FromResult<LeaseInfo?>(null)) is { } gone)
            {
                released.Add(gone);
            }
        }
        return released.ToImmutable();
    }

    private async Task<Allocation> AcquireAsync(ProxyId id, ProxyRequest request)
    {
        var lease = _state.Lease(id);
        var now = clock.GetUtcNow();
        switch (Leases.Decide(lease, request.RequestedPort, range))
        {
            case LeaseDecision.Known known:
                var seen = Leases.Seen(lease!, request.ProxyName, now, request.RunId);
                if (Leases.SeenMustBeStored(lease!))
                {
                    // Stored so that expiry never reads a connected proxy as offline; a failed write
                    // still answers the port the proxy holds.
                    await StoreAsync(id, seen);
                }
                else
                {
                    _state = _state.With(id, seen);
                }
                return new Allocation.Granted(known.Port, IsNew: false);
            case LeaseDecision.NeedsPort needs:
                var pool = GrainFactory.Pool(_pool);
                var outcome = await PoolCalls.AllocateAsync(pool, KeyOf(id), needs, logger);
                if (outcome is not Allocation.Granted granted)
                {
                    return outcome;
                }
                if (!await StoreAsync(id, Leases.Grant(granted.Port, request.ProxyName, now, request.RunId)))
                {
                    return new Allocation.Unavailable("the proxy's port could not be stored");
                }
                await pool.CommitAsync(KeyOf(id), granted.Port);
                return new Allocation.Granted(granted.Port, IsNew: true);
            default:
                throw new InvalidOperationException("unknown lease decision");
        }
    }

    // Pool first: until the user has forgotten the port, the pool keeps it as a pending grant.
    private async Task<LeaseInfo?> ReleaseAsync(ProxyId id)
    {
        if (Info(id) is not { } released)
        {
            return null;
        }
        var pool = GrainFactory.Pool(_pool);
        await pool.PrepareReleaseAsync(KeyOf(id), released.Port);
        if (!await StoreAsync(id, null))
        {
            throw new InvalidOperationException($"the release of {id} of user '{_user}' could not be stored");
        }
        await pool.ReleaseAsync(KeyOf(id), released.Port);
        return released;
    }

    // Runs the requests of one proxy one after another; requests of other proxies interleave.
    private async Task<T> OneAtATimeAsync<T>(ProxyId id, Func<ProxyId, Task<T>> act)
    {
        while (_busy.TryGetValue(id, out var earlier))
        {
            await earlier.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        }
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _busy[id] = done.Task;
        try
        {
            return await act(id);
        }
        finally
        {
            _busy.Remove(id);
            done.SetResult();
        }
    }

    private LeaseKey KeyOf(ProxyId id) => LeaseKey.ForProxy(id.Protocol, _user, id.Name);

    private LeaseInfo? Info(ProxyId id) => _state.Lease(id) is { } lease
        ? new LeaseInfo(KeyOf(id).ToString(), lease.Port, lease.GrantedAt, lease.LastSeen, lease.Online, id.Name, _user, id.Protocol.Name())
        : null;

    // Sets the proxy's lease (null: none) and stores the user with the next shared write; on failure
    // the proxy's lease is as before, and the activation reloads from storage once idle.
    private async Task<bool> StoreAsync(ProxyId id, LeaseState? next)
    {
        var before = _state.Lease(id);
        _state = next is null ? _state.Without(id) : _state.With(id, next);
        try
        {
            await _commit.RunAsync(() =>
            {
                store.State = UserRecord.From(_state);
                return 1;
            });
            return true;
        }
        catch (Exception e)
        {
            _state = before is null ? _state.Without(id) : _state.With(id, before);
            LogWriteFailed(e.GetType().Name, e.Message, _pool, _user);
            DeactivateOnIdle();
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "User {User} of pool {Pool} could not be stored ({Error}: {Message}); it reloads from storage")]
    private partial void LogWriteFailed(string error, string message, string pool, string user);
}
