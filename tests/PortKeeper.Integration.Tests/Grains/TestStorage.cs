using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using PortKeeper.Contracts;
using Orleans.Storage;
using PortKeeper.Domain;
using PortKeeper.Grains;

namespace PortKeeper.Integration.Tests.Grains;

/// <summary>
/// Grain storage and claim storage for grain tests: kept in memory across silo restarts, with real
/// etag checks and claim conflicts, write counts per state name, and a switch that makes chosen
/// state names fail like a storage outage. Claims count as state <see cref="StorageNames.PoolState"/>.
/// </summary>
public sealed class TestStorage : IGrainStorage, IClaimStore, IHolderCatalog
{
    private readonly Dictionary<(string Pool, PoolPort Port), Claim> _claims = [];

    private readonly ConcurrentDictionary<(string, GrainId), (object State, string ETag)> _rows = new();
    private readonly ConcurrentDictionary<string, int> _writes = new();
    private int _etag;

    /// <summary>State names whose reads and writes fail.</summary>
    public ConcurrentDictionary<string, bool> Failing { get; } = new();

    /// <summary>State names whose writes (and clears) fail while reads work.</summary>
    public ConcurrentDictionary<string, bool> FailingWrites { get; } = new();

    /// <summary>State names whose writes fail once this many more writes have succeeded.</summary>
    public ConcurrentDictionary<string, int> FailingAfter { get; } = new();

    public int Writes(string stateName) => _writes.GetValueOrDefault(stateName);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ThrowIfFailing(stateName);
        if (_rows.TryGetValue((stateName, grainId), out var row))
        {
            grainState.State = (T)row.State;
            grainState.ETag = row.ETag;
            grainState.RecordExists = true;
        }
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ThrowIfFailing(stateName);
        ThrowIfWritesFail(stateName);
        lock (_rows)
        {
            var stored = _rows.TryGetValue((stateName, grainId), out var row) ? row.ETag : null;
            if (stored != grainState.ETag)
            {
                throw new InconsistentStateException($"etag {grainState.ETag} is stale", stored, grainState.ETag);
            }
            var etag = Interlocked.Increment(ref _etag).ToString(System.Globalization.CultureInfo.InvariantCulture);
            _rows[(stateName, grainId)] = (grainState.State!, etag);
            grainState.ETag = etag;
            grainState.RecordExists = true;
        }
        _writes.AddOrUpdate(stateName, 1, (_, n) => n + 1);
        return Task.Delay(1);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ThrowIfFailing(stateName);
        ThrowIfWritesFail(stateName);
        _rows.TryRemove((stateName, grainId), out _);
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    private void ThrowIfWritesFail(string stateName)
    {
        var failing = FailingWrites.ContainsKey(stateName);
        if (FailingAfter.TryGetValue(stateName, out var left))
        {
            failing |= left == 0;
            FailingAfter[stateName] = Math.Max(0, left - 1);
        }
        if (failing)
        {
            throw new TimeoutException($"writes of '{stateName}' fail (test fault)");
        }
    }

    private void ThrowIfFailing(string stateName)
    {
        if (Failing.ContainsKey(stateName))
        {
            throw new TimeoutException($"storage of '{stateName}' is down (test outage)");
        }
    }

    public Task<ImmutableArray<Claim>> LoadAsync(string pool, CancellationToken cancellationToken)
    {
        ThrowIfFailing(StorageNames.PoolState);
        lock (_claims)
        {
            return Task.FromResult(_claims.Where(c => c.Key.Pool == pool).Select(c => c.Value).ToImmutableArray());
        }
    }

    public Task WriteAsync(string pool, ImmutableArray<ClaimChange> changes, CancellationToken cancellationToken)
    {
        ThrowIfFailing(StorageNames.PoolState);
        ThrowIfWritesFail(StorageNames.PoolState);
        lock (_claims)
        {
            var next = new Dictionary<(string, PoolPort), Claim>(_claims);
            foreach (var change in changes)
            {
                switch (change)
                {
                    case ClaimChange.Add(var claim) when !next.TryAdd((pool, claim.Port), claim):
                        throw new ClaimConflictException($"{claim.Port} already has a holder");
                    case ClaimChange.Change(var holder, var claim, var was) when next.GetValueOrDefault((pool, claim.Port)) is { } stored && stored.Holder == holder && stored.Kind == was:
                        next[(pool, claim.Port)] = claim;
                        break;
                    case ClaimChange.Remove(var port, var holder, var was) when next.GetValueOrDefault((pool, port)) is { } stored && stored.Holder == holder && stored.Kind == was:
                        next.Remove((pool, port));
                        break;
                    case ClaimChange.Add:
                        break;
                    default:
                        throw new ClaimConflictException($"{change} does not match the stored claim");
                }
            }
            _claims.Clear();
            foreach (var (key, claim) in next)
            {
                _claims[key] = claim;
            }
        }
        _writes.AddOrUpdate(StorageNames.PoolState, 1, (_, n) => n + 1);
        return Task.Delay(1, CancellationToken.None);
    }

    /// <summary>Stores a claim behind the pool's back, as another activation of it would.</summary>
    public void Claim(string pool, Claim claim)
    {
        lock (_claims)
        {
            _claims[(pool, claim.Port)] = claim;
        }
    }

    /// <summary>The stored claims of <paramref name="pool"/>.</summary>
    public IReadOnlyList<Claim> Claims(string pool)
    {
        lock (_claims)
        {
            return [.. _claims.Where(c => c.Key.Pool == pool).Select(c => c.Value)];
        }
    }

    public async IAsyncEnumerable<(LeaseKey Holder, int Port)> ReadHeldAsync(string pool, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        ThrowIfFailing(StorageNames.UserState);
        foreach (var ((state, grainId), row) in _rows.ToArray())
        {
            var key = grainId.Key.ToString();
            if (state == StorageNames.UserState && row.State is UserRecord user && GrainKeys.ParseUser(key) is var (inPool, name) && inPool == pool)
            {
                foreach (var proxy in user.Proxies.Where(p => p.Lease.Port > 0))
                {
                    yield return (LeaseKey.ForProxy(proxy.Protocol, name, proxy.Name), proxy.Lease.Port);
                }
            }
            else if (state == StorageNames.GroupState && row.State is LeaseRecord { Port: > 0 } group && GrainKeys.ParseGroup(key) is var (groupPool, protocol, groupName) && groupPool == pool)
            {
                yield return (LeaseKey.ForGroup(protocol, groupName), group.Port);
            }
        }
    }

    public async IAsyncEnumerable<(string User, UserLimit Limit)> ReadLimitsAsync(string pool, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        ThrowIfFailing(StorageNames.UserState);
        foreach (var ((state, grainId), row) in _rows.ToArray())
        {
            if (state == StorageNames.UserState && row.State is UserRecord { Limit: { } limit } && GrainKeys.ParseUser(grainId.Key.ToString()) is var (inPool, name) && inPool == pool)
            {
                yield return (name, limit);
            }
        }
    }

    /// <summary>Stores a user as its grain would, behind the grain's back (the grain must not be active).</summary>
    public void StoreUser(string pool, string user, UserRecord record)
    {
        var id = GrainId.Create("user", GrainKeys.User(pool, user));
        var etag = Interlocked.Increment(ref _etag).ToString(System.Globalization.CultureInfo.InvariantCulture);
        _rows[(StorageNames.UserState, id)] = (record, etag);
    }
}
