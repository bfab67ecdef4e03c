using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
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
    PoolRegistry pools,
    TimeProvider clock,
    ILogger<UserGrain> logger,
    IOptions<SessionOptions> sessions,
    IOptions<LimitOptions> limits) : Grain, IUserGrain
{
    private readonly Dictionary<ProxyId, Task> _busy = [];
    // frpc sessions heard by Ping in this activation, and when last heard (Ping or NewProxy); never stored.
    private readonly Dictionary<string, DateTimeOffset> _heard = new(StringComparer.Ordinal);
    private readonly TimeSpan _sessionTimeout = sessions.Value.Timeout;
    private readonly int _defaultMax = limits.Value.MaxPortsPerUser;
    private IGrainTimer? _sessionCheck;
    // A failed write is undone in memory, so the next one may still be tried (storage's version
    // refuses it if the failed one landed after all).
    private readonly GroupCommit _commit = new(async () =>
    {
        await store.WriteStateAsync();
        // The user lives in memory once, as _state: its stored form is made again for each write.
        store.State = new UserRecord();
    }, haltsOnFailure: false);
    private string _pool = GrainKeys.DefaultPool;
    private string _user = "";
    private FailureKind _failure = FailureKind.StorageDown;
    private PortRange? _range;
    private UserState _state = UserState.Empty;
    // The user's own ports, from its limit; null: any port of the pool.
    private PortRange? _ports;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_pool, _user) = GrainKeys.ParseUser(this.GetPrimaryKeyString())
            ?? throw new ArgumentException($"'{this.GetPrimaryKeyString()}' is not a user key");
        _range = pools.Find(_pool)?.Range;
        _state = store.RecordExists ? store.State.ToState() : UserState.Empty;
        store.State = new UserRecord();
        _ports = OwnPorts(_state.Limit);
        return Task.CompletedTask;
    }

    Task<Allocation> IUserGrain.AcquireAsync(ProxyRequest request)
    {
        if (_range is not { } range)
        {
            return Task.FromResult<Allocation>(PoolCalls.NotConfigured(_pool));
        }
        var id = new ProxyId(request.Protocol, request.ProxyName);
        if (_heard.ContainsKey(request.RunId))
        {
            _heard[request.RunId] = clock.GetUtcNow();
        }
        return request.Group is { Length: > 0 } group
            ? AcquireGroupedAsync(id, group, request)
            : OneAtATimeAsync(id, p => AcquireAsync(p, request, range));
    }

    async Task IUserGrain.CloseAsync(string proxyName, string runId)
    {
        foreach (var protocol in Protocols.All)
        {
            var id = new ProxyId(protocol, proxyName);
            if (_state.GroupOf(id) is { } group)
            {
                await GrainFactory.Group(_pool, protocol, group).LeaveAsync(new GroupLeave(_user, proxyName, runId));
            }
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

    Task<Allocation> IUserGrain.ImportAsync(Protocol protocol, string proxyName, int port, DateTimeOffset? grantedAt) =>
        OneAtATimeAsync(new ProxyId(protocol, proxyName), async id =>
        {
            if (_state.Lease(id) is { } held)
            {
                return new Allocation.Granted(held.Port, IsNew: false);
            }
            var pool = GrainFactory.Pool(_pool);
            var outcome = await PoolCalls.AllocateAsync(pool, KeyOf(id), new LeaseDecision.NeedsPort(port, null), logger);
            if (outcome is not Allocation.Granted granted)
            {
                return outcome;
            }
            var now = clock.GetUtcNow();
            var stored = await StoreAsync(id, Leases.Imported(granted.Port, proxyName, grantedAt ?? now, now));
            if (!stored)
            {
                return new Allocation.Unavailable("the imported port could not be stored");
            }
            await pool.CommitAsync(KeyOf(id), granted.Port);
            return (Allocation)new Allocation.Granted(granted.Port, IsNew: true);
        });

    Task IUserGrain.HeardAsync(string runId)
    {
        if (runId.Length > 0 && _sessionTimeout > TimeSpan.Zero)
        {
            _heard[runId] = clock.GetUtcNow();
            // Keeps the activation (and so what it heard) alive while it has sessions to watch; stopped
            // once every session it heard has been judged gone.
            var period = TimeSpan.FromTicks(Math.Clamp(_sessionTimeout.Ticks / 4, TimeSpan.TicksPerMillisecond * 250, TimeSpan.TicksPerMinute));
            _sessionCheck ??= this.RegisterGrainTimer(CheckSessionsAsync, new GrainTimerCreationOptions(period, period) { KeepAlive = true, Interleave = true });
        }
        return Task.CompletedTask;
    }

    Task<LeaseInfo?> IUserGrain.GetAsync(Protocol protocol, string proxyName) =>
        Task.FromResult(Info(new ProxyId(protocol, proxyName)));

    Task<ImmutableArray<LeaseInfo>> IUserGrain.ListAsync() =>
        Task.FromResult(_state.Proxies.OrderBy(p => p.Key.ToString(), StringComparer.Ordinal).Select(p => Info(p.Key, p.Value)).ToImmutableArray());

    Task<Release> IUserGrain.ReleaseAsync(Protocol protocol, string proxyName, bool force) =>
        OneAtATimeAsync(new ProxyId(protocol, proxyName), id => Releases.Decide(_state.Lease(id), force) switch
        {
            ReleaseDecision.Connected(var lease) => Task.FromResult<Release>(new Release.Connected(Info(id, lease))),
            ReleaseDecision.Release(var lease) => ReleaseAsync(id, lease),
            _ => Task.FromResult<Release>(new Release.NotHeld()),
        });

    async Task<UserRelease> IUserGrain.ReleaseAllAsync(bool force)
    {
        var online = _state.Proxies.Where(p => p.Value.Online).Select(p => Info(p.Key, p.Value)).OrderBy(l => l.Key, StringComparer.Ordinal).ToImmutableArray();
        if (!online.IsEmpty && !force)
        {
            return new UserRelease.Connected(online);
        }
        var (released, stopped) = await ReleaseEachAsync(
            _state.Proxies.Keys.OrderBy(id => id.ToString(), StringComparer.Ordinal),
            lease => Releases.Decide(lease, force) is ReleaseDecision.Release);
        return stopped is null ? new UserRelease.Released(released) : new UserRelease.Unavailable(stopped, released);
    }

    Task<UserLimits> IUserGrain.GetLimitsAsync() => Task.FromResult(Limits.Of(_state, _defaultMax));

    async Task<UserLimits?> IUserGrain.SetLimitAsync(UserLimit? limit)
    {
        var before = _state.Limit;
        var stored = await StoreAsync(s => s with { Limit = limit }, s => s with { Limit = before });
        if (!stored)
        {
            return null;
        }
        _ports = OwnPorts(limit);
        return Limits.Of(_state, _defaultMax);
    }

    async Task<bool> IUserGrain.ForgetAsync(Protocol protocol, string proxyName, int port)
    {
        var id = new ProxyId(protocol, proxyName);
        return await OneAtATimeAsync(id, p => _state.Lease(p)?.Port == port ? StoreAsync(p, null) : Task.FromResult(false));
    }

    async Task<ImmutableArray<LeaseInfo>> IUserGrain.ExpireAsync(TimeSpan expiry)
    {
        var (released, stopped) = await ReleaseEachAsync(
            Users.Expired(_state, clock.GetUtcNow(), expiry),
            lease => Leases.IsExpired(lease, clock.GetUtcNow(), expiry));
        if (stopped is not null)
        {
            LogExpiryStopped(_pool, _user, stopped);
        }
        return released;
    }

    // Releases each of the proxies whose lease still goes once the proxy's turn comes (it may have
    // connected meanwhile); stops at the first release that cannot be stored, saying why.
    private async Task<(ImmutableArray<LeaseInfo> Released, string? Stopped)> ReleaseEachAsync(IEnumerable<ProxyId> proxies, Func<LeaseState, bool> goes)
    {
        var released = ImmutableArray.CreateBuilder<LeaseInfo>();
        foreach (var id in proxies.ToList())
        {
            var outcome = await OneAtATimeAsync(id, p => _state.Lease(p) is { } lease && goes(lease)
                ? ReleaseAsync(p, lease)
                : Task.FromResult<Release>(new Release.NotHeld()));
            switch (outcome)
            {
                case Release.Released(var gone):
                    released.Add(gone);
                    break;
                case Release.Unavailable(var reason):
                    return (released.ToImmutable(), reason);
            }
        }
        return (released.ToImmutable(), null);
    }

    // The group answers; the user only remembers the proxy's group, once, so that its CloseProxy
    // (which names no group) reaches the group. A known member costs the user no write.
    private async Task<Allocation> AcquireGroupedAsync(ProxyId id, string group, ProxyRequest request)
    {
        var allocation = await GrainFactory.Group(_pool, request.Protocol, group)
            .AcquireAsync(new GroupRequest(_user, request.ProxyName, request.RequestedPort, request.RunId));
        if (allocation is Allocation.Granted && _state.GroupOf(id) != group)
        {
            await OneAtATimeAsync(id, p =>
            {
                var before = _state.GroupOf(p);
                return _state.GroupOf(p) == group
                    ? Task.FromResult(true)
                    : StoreAsync(s => s.InGroup(p, group), s => before is null ? s.Ungrouped(p) : s.InGroup(p, before));
            });
        }
        return allocation;
    }

    // A session heard by Ping and silent for the timeout is gone: its proxies are stored offline (as a
    // CloseProxy would) and its grouped proxies leave their groups, offline since the session counted as gone.
    private async Task CheckSessionsAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var silent = Sessions.Silent(_heard, now, _sessionTimeout);
        if (silent.Count == 0)
        {
            return;
        }
        foreach (var (id, _) in Sessions.Lost(_state, _heard, now, _sessionTimeout))
        {
            // Looked at again once the proxy's turn comes: it may have connected meanwhile.
            await OneAtATimeAsync(id, p =>
                Sessions.Lost(_state, _heard, clock.GetUtcNow(), _sessionTimeout).FirstOrDefault(l => l.Proxy == p) is { Offline: { } offline }
                    ? StoreAsync(p, offline)
                    : Task.FromResult(true));
        }
        foreach (var runId in silent)
        {
            if (_heard.TryGetValue(runId, out var last) && clock.GetUtcNow() - last >= _sessionTimeout)
            {
                foreach (var (id, group) in _state.Grouped)
                {
                    await GrainFactory.Group(_pool, id.Protocol, group).LeaveAsync(new GroupLeave(_user, id.Name, runId, last + _sessionTimeout));
                }
                _heard.Remove(runId);
                LogSessionGone(runId, _pool, _user, last);
            }
        }
        if (_heard.Count == 0)
        {
            _sessionCheck?.Dispose();
            _sessionCheck = null;
        }
    }

    private async Task<Allocation> AcquireAsync(ProxyId id, ProxyRequest request, PortRange range)
    {
        var lease = _state.Lease(id);
        var now = clock.GetUtcNow();
        switch (Leases.Decide(lease, request.RequestedPort, range))
        {
            case LeaseDecision.Known known:
                var seen = Leases.Seen(known.Lease, request.ProxyName, now, request.RunId);
                if (Leases.SeenMustBeStored(known.Lease, request.RunId))
                {
                    // Stored so that expiry never reads a connected proxy as offline; a failed write
                    // still answers the port the proxy holds.
                    await StoreAsync(id, seen);
                }
                else if (!ReferenceEquals(seen, known.Lease))
                {
                    _state = _state.With(id, seen);
                }
                return new Allocation.Granted(known.Port, IsNew: false);
            case LeaseDecision.NeedsPort needs:
                if (Limits.Refusal(_state, id, needs.Requested, _defaultMax, _ports) is { } refused)
                {
                    return refused;
                }
                var pool = GrainFactory.Pool(_pool);
                var outcome = await PoolCalls.AllocateAsync(pool, KeyOf(id), needs, logger, _ports);
                if (outcome is not Allocation.Granted granted)
                {
                    return outcome;
                }
                var stored = await StoreAsync(id, Leases.Grant(granted.Port, request.ProxyName, now, request.RunId), ungroup: true);
                if (!stored)
                {
                    return new Allocation.Unavailable($"the proxy's port could not be stored: {Failures.Describe(_failure)}");
                }
                await pool.CommitAsync(KeyOf(id), granted.Port);
                return new Allocation.Granted(granted.Port, IsNew: true);
            default:
                throw new InvalidOperationException("unknown lease decision");
        }
    }

    // Pool first: until the user has forgotten the port, the pool keeps it as a pending grant, which
    // repair frees if the last step is lost.
    private async Task<Release> ReleaseAsync(ProxyId id, LeaseState lease)
    {
        var key = KeyOf(id);
        var pool = GrainFactory.Pool(_pool);
        var prepared = await PoolCalls.ReleaseStepAsync(() => pool.PrepareReleaseAsync(key, lease.Port), key, logger);
        if (!prepared)
        {
            return new Release.Unavailable($"the pool could not store the release of port {lease.Port}");
        }
        var stored = await StoreAsync(id, null);
        if (!stored)
        {
            return new Release.Unavailable($"the release of {id} of user '{_user}' could not be stored: {Failures.Describe(_failure)}");
        }
        await PoolCalls.ReleaseStepAsync(() => pool.ReleaseAsync(key, lease.Port), key, logger);
        return new Release.Released(Info(id, lease));
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

    private static PortRange? OwnPorts(UserLimit? limit) =>
        limit?.Ports is { } text && AllowPorts.Parse(text) is Parsed<PortRange>.Ok(var ports) ? ports : null;

    private LeaseKey KeyOf(ProxyId id) => LeaseKey.ForProxy(id.Protocol, _user, id.Name);

    private LeaseInfo? Info(ProxyId id) => _state.Lease(id) is { } lease ? Info(id, lease) : null;

    private LeaseInfo Info(ProxyId id, LeaseState lease) =>
        new(KeyOf(id).ToString(), lease.Port, lease.GrantedAt, lease.LastSeen, lease.Online, id.Name, _user, id.Protocol.Name());

    // Sets the proxy's lease (null: none) and stores the user with the next shared write; on failure
    // the proxy's lease is as before, and the activation reloads from storage once idle, unless
    // storage is down (Failures.Reloads): it then keeps answering its known proxies from memory. With
    // ungroup, the proxy (now ungrouped) is forgotten as a member of a group too.
    private Task<bool> StoreAsync(ProxyId id, LeaseState? next, bool ungroup = false)
    {
        var before = _state.Lease(id);
        var group = ungroup ? _state.GroupOf(id) : null;
        return StoreAsync(
            s => (next is null ? s.Without(id) : s.With(id, next)) is var changed && ungroup ? changed.Ungrouped(id) : changed,
            s => (before is null ? s.Without(id) : s.With(id, before)) is var undone && group is not null ? undone.InGroup(id, group) : undone);
    }

    private async Task<bool> StoreAsync(Func<UserState, UserState> change, Func<UserState, UserState> undo)
    {
        _state = change(_state);
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
            _state = undo(_state);
            _failure = Failures.Classify(e);
            LogWriteFailed(Failures.Describe(_failure), e.GetType().Name, e.Message, _pool, _user);
            if (Failures.Reloads(_failure))
            {
                DeactivateOnIdle();
            }
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "frpc session {RunId} of user {User} in pool {Pool} not heard since {LastHeard}: its proxies count as offline")]
    private partial void LogSessionGone(string runId, string pool, string user, DateTimeOffset lastHeard);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Expiry of user {User} in pool {Pool} stopped: {Reason}; the next sweep tries again")]
    private partial void LogExpiryStopped(string pool, string user, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "User {User} of pool {Pool} could not be stored, {Reason} ({Error}: {Message}); it reloads from storage")]
    private partial void LogWriteFailed(string reason, string error, string message, string pool, string user);
}
