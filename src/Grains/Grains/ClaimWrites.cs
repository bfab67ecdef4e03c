using System.Collections.Immutable;
using PortKeeper.Contracts;
using PortKeeper.Domain;

namespace PortKeeper.Grains;

/// <summary>
/// A pool's durable writes: the pool in memory (<see cref="Pool"/>) runs ahead of what is stored,
/// <see cref="Stage(PoolState, LeaseKey, int?)"/> records a change and the ports it touched, and
/// <see cref="StoreAsync"/> stores every change staged so far with the next shared write (group
/// commit), which carries only the claims of the touched ports. After a failed write every later
/// one fails too: the pool in memory may be ahead of storage, so its activation must reload.
/// </summary>
internal sealed class ClaimWrites
{
    private readonly IClaimStore _claims;
    private readonly GroupCommit _commit;
    private readonly HashSet<PoolPort> _touched = [];
    private ImmutableArray<ClaimChange> _batch = [];
    private int _joined;
    private string _name = "";
    private PoolState _stored = PoolState.Empty;

    public ClaimWrites(IClaimStore claims, Action<int, TimeSpan> written)
    {
        _claims = claims;
        _commit = new GroupCommit(() => _batch.IsEmpty ? Task.CompletedTask : _claims.WriteAsync(_name, _batch, CancellationToken.None), written);
    }

    /// <summary>The pool in memory: what is stored, with every staged change.</summary>
    public PoolState Pool { get; private set; } = PoolState.Empty;

    /// <summary>Whether a write failed: nothing is stored any more, and the pool must reload from storage.</summary>
    public bool Broken => _commit.Broken;

    /// <summary>Whether changes are staged that no write has carried yet.</summary>
    public bool Unstored => _touched.Count > 0;

    /// <summary>Reads the claims of pool <paramref name="name"/> from storage; throws when storage cannot be read.</summary>
    public async Task<PoolState> LoadAsync(string name, CancellationToken cancellationToken)
    {
        _name = name;
        Pool = _stored = Claims.Load(await _claims.LoadAsync(name, cancellationToken));
        return Pool;
    }

    /// <summary>Makes <paramref name="next"/> the pool, a change of <paramref name="key"/>'s claims (at <paramref name="port"/> when given); false when nothing changed.</summary>
    public bool Stage(PoolState next, LeaseKey key, int? port) => Stage(next, PortPool.Touched(Pool, next, key, port));

    /// <summary>Makes <paramref name="next"/> the pool, a change of the claim of <paramref name="port"/>; false when nothing changed.</summary>
    public bool Stage(PoolState next, PoolPort port) => Stage(next, [port]);

    /// <summary>Stores every staged change; null once stored, else what the write threw. Never throws.</summary>
    public async Task<Exception?> StoreAsync()
    {
        _joined++;
        try
        {
            await _commit.RunAsync(Snapshot);
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    /// <summary>Whether every write started so far has been stored. Never throws.</summary>
    public async Task<bool> WrittenAsync()
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

    private bool Stage(PoolState next, IEnumerable<PoolPort> touched)
    {
        if (ReferenceEquals(next, Pool))
        {
            return false;
        }
        _touched.UnionWith(touched);
        Pool = next;
        return true;
    }

    // Runs as the shared write starts: it carries the changes of every caller joined so far.
    private int Snapshot()
    {
        _batch = Claims.Changes(_stored, Pool, _touched);
        _stored = Pool;
        _touched.Clear();
        var carried = _joined;
        _joined = 0;
        return carried;
    }
}
