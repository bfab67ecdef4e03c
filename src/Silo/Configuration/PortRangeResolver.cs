using PortKeeper.Domain;

namespace PortKeeper.Silo.Configuration;

/// <summary>Decides which ports PortKeeper hands out, from its options and frps's configuration.</summary>
public static class PortRangeResolver
{
    /// <summary>
    /// The range is <c>--allow-ports</c> when set, else frps's allowPorts, without the ports frps
    /// binds and without <c>--exclude-ports</c>. Pure. Returns an error when a port list does not
    /// parse, when no range is given (or only frps's implicit 1-65535), when <c>--allow-ports</c>
    /// holds ports frps would refuse (naming them), or when no port is left.
    /// </summary>
    public static Parsed<PortRange> Resolve(PortKeeperOptions o, FrpsSettings? frps) =>
        Choose(o, frps, []) switch
        {
            Parsed<PortChoice>.Ok ok => new Parsed<PortRange>.Ok(ok.Value.Range),
            Parsed<PortChoice>.Error e => Fail(e.Message),
            _ => throw new InvalidOperationException("unreachable"),
        };

    /// <summary>
    /// As <see cref="Resolve"/>, and also without the ports the node listens on itself
    /// (<paramref name="own"/>: HTTP, silo, gateway), which are named in the choice when the
    /// configured range held them. Pure; the same errors as <see cref="Resolve"/>.
    /// </summary>
    public static Parsed<PortChoice> Choose(PortKeeperOptions o, FrpsSettings? frps, IReadOnlyList<NodeListener> own)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(own);
        var (allow, allowError) = PortList(OptionNames.AllowPorts, o.AllowPorts);
        var (exclude, excludeError) = PortList(OptionNames.ExcludePorts, o.ExcludePorts);
        if ((allowError ?? excludeError) is string error)
        {
            return new Parsed<PortChoice>.Error(error);
        }
        var frpsAllow = frps?.AllowPorts;
        if (allow is null && frpsAllow is null)
        {
            return new Parsed<PortChoice>.Error(frps is null
                ? "set --allow-ports or --frps-config with allowPorts"
                : "set --allow-ports: the frps config has no allowPorts, so frps accepts 1-65535, ports the system itself uses (like 22) among them");
        }
        if (allow is not null && frpsAllow?.Missing(allow) is { Count: > 0 } refused)
        {
            return new Parsed<PortChoice>.Error($"--allow-ports: frps would refuse {refused} (its allowPorts are {frpsAllow})");
        }
        var range = allow ?? frpsAllow!;
        exclude ??= PortRange.Empty;

        var frpsPorts = frps?.BoundPorts ?? new HashSet<int>();
        var ownPorts = own.Select(l => l.Port).ToHashSet();
        var left = exclude.Missing(range.Except(frpsPorts).Except(ownPorts));
        var ownPart = ownPorts.Count > 0 ? $", the ports this node listens on ({Ports(ownPorts)})" : "";
        return left.Count > 0
            ? new Parsed<PortChoice>.Ok(new(left, frpsPorts, own, [.. own.Where(l => range.Contains(l.Port) && !exclude.Contains(l.Port) && !frpsPorts.Contains(l.Port))]))
            : new Parsed<PortChoice>.Error($"no port left to hand out: {range} without the ports frps binds ({Ports(frps?.BoundPorts)}){ownPart} and --exclude-ports ({exclude}) is empty");
    }

    private static (PortRange? Range, string? Error) PortList(OptionName option, string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? (null, null)
            : AllowPorts.Parse(text) switch
            {
                Parsed<PortRange>.Ok ok => (ok.Value, null),
                Parsed<PortRange>.Error e => (null, $"{option.Switch}: {e.Message}"),
                _ => throw new InvalidOperationException("unreachable"),
            };

    private static string Ports(IReadOnlySet<int>? ports) =>
        ports is { Count: > 0 } ? string.Join(",", ports.Order()) : "none";

    private static Parsed<PortRange>.Error Fail(string message) => new(message);
}
