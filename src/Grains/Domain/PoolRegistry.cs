using System.Collections.Frozen;
using System.Collections.Immutable;
using PortKeeper.Contracts;

namespace PortKeeper.Domain;

/// <summary>
/// The pools a node serves, by name: the default pool and the pools of <c>--pool</c>, with the
/// ports the node listens on itself (left out of every pool). Immutable; registered once.
/// </summary>
public sealed class PoolRegistry
{
    /// <summary>The name of the pool <c>/port-registrations</c> serves.</summary>
    public const string DefaultName = GrainKeys.DefaultPool;

    /// <summary>Longest pool name.</summary>
    public const int MaxNameLength = 32;

    private readonly FrozenDictionary<string, PoolPorts> _byName;

    /// <summary>
    /// The default pool (named <see cref="DefaultName"/>) and <paramref name="extra"/> pools, and the
    /// ports the node listens on itself with the option that sets each (<paramref name="own"/>).
    /// </summary>
    /// <exception cref="ArgumentException">A pool name is not valid (<see cref="NameProblem"/>) or given twice.</exception>
    public PoolRegistry(PoolPorts defaultPool, IEnumerable<PoolPorts> extra, IReadOnlyDictionary<int, string>? own = null)
    {
        ArgumentNullException.ThrowIfNull(defaultPool);
        ArgumentNullException.ThrowIfNull(extra);
        if (defaultPool.Name != DefaultName)
        {
            throw new ArgumentException($"the default pool is named '{DefaultName}', not '{defaultPool.Name}'", nameof(defaultPool));
        }
        var others = extra.OrderBy(p => p.Name, StringComparer.Ordinal).ToImmutableArray();
        foreach (var pool in others)
        {
            if (NameProblem(pool.Name) is { } problem)
            {
                throw new ArgumentException(problem, nameof(extra));
            }
        }
        if (others.Select(p => p.Name).Distinct(StringComparer.Ordinal).Count() != others.Length)
        {
            throw new ArgumentException("a pool name is given twice", nameof(extra));
        }
        Default = defaultPool;
        Extra = others;
        All = [defaultPool, .. others];
        _byName = All.ToFrozenDictionary(p => p.Name, StringComparer.Ordinal);
        Own = own?.ToFrozenDictionary() ?? FrozenDictionary<int, string>.Empty;
    }

    /// <summary>The pool <c>/port-registrations</c> serves.</summary>
    public PoolPorts Default { get; }

    /// <summary>The pools of <c>--pool</c>, by name.</summary>
    public ImmutableArray<PoolPorts> Extra { get; }

    /// <summary>The default pool, then the others by name.</summary>
    public ImmutableArray<PoolPorts> All { get; }

    /// <summary>The ports the node listens on itself, with the option that sets each; never handed out by any pool.</summary>
    public IReadOnlyDictionary<int, string> Own { get; }

    /// <summary>A registry of the default pool alone, handing out <paramref name="range"/>.</summary>
    public static PoolRegistry DefaultOnly(PortRange range) =>
        new(new PoolPorts(DefaultName, range, FrozenSet<int>.Empty), []);

    /// <summary>The pool named <paramref name="name"/>; null when the node has none of that name.</summary>
    public PoolPorts? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>
    /// Null when <paramref name="name"/> can name a pool of <c>--pool</c>: 1 to 32 characters of
    /// a-z, 0-9 and '-', and not <see cref="DefaultName"/>; else what is wrong with it.
    /// </summary>
    public static string? NameProblem(string name) => name switch
    {
        null or "" => "the pool name is empty",
        DefaultName => $"'{DefaultName}' is the pool of --allow-ports and --frps-config; give this pool another name",
        { Length: > MaxNameLength } => $"pool name '{name}' is longer than {MaxNameLength} characters",
        _ when !name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-') =>
            $"pool name '{name}' may only hold a-z, 0-9 and '-'",
        _ => null,
    };
}
