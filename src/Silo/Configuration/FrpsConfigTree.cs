using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;
using PortKeeper.Domain;

namespace PortKeeper.Silo.Configuration;

/// <summary>
/// Reads allowPorts and the bound ports from an frps v1 configuration (TOML, YAML or JSON)
/// once it is a tree of string-keyed maps, lists and scalars.
/// </summary>
internal static class FrpsConfigTree
{
    /// <summary>Ports frps binds for itself, by their path in the configuration; 0 or absent means not bound.</summary>
    private static readonly string[][] BoundPortPaths =
    [
        ["kcpBindPort"], ["quicBindPort"], ["vhostHTTPPort"], ["vhostHTTPSPort"],
        ["tcpmuxHTTPConnectPort"], ["webServer", "port"], ["sshTunnelGateway", "bindPort"],
    ];

    public static Parsed<FrpsSettings> Read(string name, object? tree)
    {
        if (tree is not (null or IReadOnlyDictionary<string, object?>))
        {
            return Fail($"{name}: the top level must be a table of settings");
        }
        var root = tree as IReadOnlyDictionary<string, object?> ?? ImmutableDictionary<string, object?>.Empty;

        var allow = ReadAllowPorts(name, Get(root, "allowPorts"));
        if (allow is Parsed<PortRange?>.Error allowError)
        {
            return Fail(allowError.Message);
        }

        // frps completes a missing or zero bindPort to 7000 and always listens there.
        var bound = new HashSet<int>();
        var (bindPort, bindError) = Port(name, "bindPort", Get(root, "bindPort"));
        if (bindError is not null)
        {
            return Fail(bindError);
        }
        bound.Add(bindPort is > 0 ? bindPort.Value : FrpsSettings.DefaultBindPort);
        foreach (var path in BoundPortPaths)
        {
            var (port, error) = Port(name, string.Join('.', path), Get(root, path));
            if (error is not null)
            {
                return Fail(error);
            }
            if (port is > 0)
            {
                bound.Add(port.Value);
            }
        }
        return new Parsed<FrpsSettings>.Ok(
            new FrpsSettings(((Parsed<PortRange?>.Ok)allow).Value, bound.ToFrozenSet()));
    }

    private static Parsed<PortRange?> ReadAllowPorts(string name, object? node)
    {
        switch (node)
        {
            case null:
            case IReadOnlyList<object?> { Count: 0 }:
                // No list, or an empty one: frps then allows every port.
                return new Parsed<PortRange?>.Ok(null);
            case IReadOnlyList<object?> list:
                var entries = new List<(int?, int?, int?)>();
                for (var i = 0; i < list.Count; i++)
                {
                    if (list[i] is not IReadOnlyDictionary<string, object?> entry)
                    {
                        return new Parsed<PortRange?>.Error($"{name}: allowPorts entry {i + 1} must be {{ start = ..., end = ... }} or {{ single = ... }}");
                    }
                    var (start, startError) = Port(name, $"allowPorts entry {i + 1} start", Get(entry, "start"));
                    var (end, endError) = Port(name, $"allowPorts entry {i + 1} end", Get(entry, "end"));
                    var (single, singleError) = Port(name, $"allowPorts entry {i + 1} single", Get(entry, "single"));
                    if ((startError ?? endError ?? singleError) is string error)
                    {
                        return new Parsed<PortRange?>.Error(error);
                    }
                    // frps's decoder leaves an omitted field at 0, and frps reads 0 as "not given".
                    entries.Add((NonZero(start), NonZero(end), NonZero(single)));
                }
                return AllowPorts.FromEntries(entries) switch
                {
                    Parsed<PortRange>.Ok ok => new Parsed<PortRange?>.Ok(ok.Value),
                    Parsed<PortRange>.Error e => new Parsed<PortRange?>.Error($"{name}: {e.Message}"),
                    _ => throw new InvalidOperationException("unreachable"),
                };
            default:
                return new Parsed<PortRange?>.Error($"{name}: allowPorts must be a list like [{{ start = 2000, end = 3000 }}, {{ single = 3001 }}]");
        }
    }

    /// <summary>A port-valued setting: null when absent, an error when it is not a number in 0..65535.</summary>
    private static (int? Port, string? Error) Port(string name, string what, object? node)
    {
        long? number = node switch
        {
            null => null,
            long l => l,
            string s when long.TryParse(s.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => l,
            _ => -1,
        };
        return number switch
        {
            null => (null, null),
            // frps reads 0 as not given.
            var n when n == 0 || PortRange.IsPort(n.Value) => ((int)n.Value, null),
            _ => (null, $"{name}: {what} is {Show(node)}, not a port number (1-65535)"),
        };
    }

    private static int? NonZero(int? port) => port is 0 ? null : port;

    private static string Show(object? node) =>
        node is string s ? $"'{s}'" : Convert.ToString(node, CultureInfo.InvariantCulture) ?? "empty";

    private static object? Get(IReadOnlyDictionary<string, object?> map, params string[] path)
    {
        object? node = map;
        foreach (var key in path)
        {
            if (node is not IReadOnlyDictionary<string, object?> table || !table.TryGetValue(key, out node))
            {
                return null;
            }
        }
        return node;
    }

    private static Parsed<FrpsSettings>.Error Fail(string message) => new(message);
}
