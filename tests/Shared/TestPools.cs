using System.Collections.Frozen;
using PortKeeper.Domain;

namespace PortKeeper.Tests;

/// <summary>Ranges and pools for tests, spelled as <c>--allow-ports</c> and <c>--pool</c> spell them.</summary>
public static class TestPools
{
    /// <summary>The range <paramref name="allowPorts"/> (<c>20000-20999,21005</c>) names; throws when it names none.</summary>
    public static PortRange Range(string allowPorts) => AllowPorts.Parse(allowPorts) is Parsed<PortRange>.Ok(var range)
        ? range
        : throw new ArgumentException($"'{allowPorts}' is no range", nameof(allowPorts));

    /// <summary>The default pool on <paramref name="allowPorts"/> and the <paramref name="extra"/> pools, none leaving ports of its own out.</summary>
    public static PoolRegistry Registry(string allowPorts, params (string Name, string AllowPorts)[] extra) =>
        Registry(Range(allowPorts), extra);

    /// <summary>The default pool on <paramref name="range"/> and the <paramref name="extra"/> pools, none leaving ports of its own out.</summary>
    public static PoolRegistry Registry(PortRange range, params (string Name, string AllowPorts)[] extra) =>
        new(Pool(PoolRegistry.DefaultName, range), extra.Select(p => Pool(p.Name, Range(p.AllowPorts))));

    private static PoolPorts Pool(string name, PortRange range) => new(name, range, FrozenSet<int>.Empty);
}
