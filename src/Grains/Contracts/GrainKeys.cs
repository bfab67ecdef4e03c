using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace PortKeeper.Contracts;

/// <summary>
/// The keys of PortKeeper's grains, and the one way to reach each grain. A pool name never holds
/// a <c>/</c>, so the rest of a key (a user or group name) may hold any character.
/// </summary>
public static class GrainKeys
{
    /// <summary>The pool <c>/port-registrations</c> serves.</summary>
    public const string DefaultPool = "default";

    /// <summary>The key of <paramref name="user"/>'s grain in <paramref name="pool"/>.</summary>
    public static string User(string pool, string user) => $"{pool}/{user}";

    /// <summary>The key of the grain of <paramref name="group"/> in <paramref name="pool"/> and <paramref name="protocol"/>.</summary>
    public static string Group(string pool, Protocol protocol, string group) => $"{pool}/{protocol.Name()}/{group}";

    /// <summary>Splits a user grain key into pool and user; null when it is not one.</summary>
    public static (string Pool, string User)? ParseUser(string key) =>
        key.IndexOf('/', StringComparison.Ordinal) is var slash and > 0 ? (key[..slash], key[(slash + 1)..]) : null;

    /// <summary>Splits a group grain key into pool, protocol and group; null when it is not one.</summary>
    public static (string Pool, Protocol Protocol, string Group)? ParseGroup(string key)
    {
        var parts = key.Split('/', 3);
        return parts.Length == 3 && parts[0].Length > 0 && parts[2].Length > 0 && Protocols.Parse(parts[1]) is { } protocol
            ? (parts[0], protocol, parts[2])
            : null;
    }

    /// <summary><paramref name="user"/>'s grain in <paramref name="pool"/>.</summary>
    public static IUserGrain User(this IGrainFactory grains, string pool, string user) =>
        Reference<IUserGrain>(grains, User(pool, user));

    /// <summary>The grain of <paramref name="group"/>'s port.</summary>
    public static IGroupGrain Group(this IGrainFactory grains, string pool, Protocol protocol, string group) =>
        Reference<IGroupGrain>(grains, Group(pool, protocol, group));

    /// <summary>The lease <paramref name="key"/> holds in <paramref name="pool"/>, as its user's or group's grain has it; null when it holds none.</summary>
    public static Task<LeaseInfo?> LeaseAsync(this IGrainFactory grains, string pool, LeaseKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.IsGroup
            ? grains.Group(pool, key.Protocol, key.Name).GetAsync()
            : grains.User(pool, key.User).GetAsync(key.Protocol, key.Name);
    }

    /// <summary>What <c>--import</c> took over in <paramref name="pool"/>.</summary>
    public static IImportGrain Import(this IGrainFactory grains, string pool) =>
        grains.GetGrain<IImportGrain>(pool);

    /// <summary>The port pool of <paramref name="pool"/>.</summary>
    public static IPortPoolGrain Pool(this IGrainFactory grains, string pool) =>
        Reference<IPortPoolGrain>(grains, pool);

    // Grain types and interface types of each factory, resolved once: Orleans' GetGrain by key reads
    // the interface's attributes at every call, which took 7 % of a node's CPU answering known proxies.
    // A factory whose grains are not Orleans' references (a test's) is asked by key each time.
    private static readonly ConditionalWeakTable<IGrainFactory, ConcurrentDictionary<Type, (GrainType Grain, GrainInterfaceType Interface)?>> Types = [];

    private static T Reference<T>(IGrainFactory grains, string key) where T : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(grains);
        var types = Types.GetValue(grains, _ => new()).GetOrAdd(typeof(T), static (_, g) =>
            g.GetGrain<T>("-") is GrainReference resolved ? (resolved.GrainId.Type, resolved.InterfaceType) : null, grains);
        return types is var (grain, @interface) ? (T)grains.GetGrain(GrainId.Create(grain, key), @interface) : grains.GetGrain<T>(key);
    }
}
