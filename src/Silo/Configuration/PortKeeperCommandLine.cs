using System.Collections.Frozen;
using Microsoft.Extensions.Configuration;
using PortKeeper.Domain;

namespace PortKeeper.Silo.Configuration;

/// <summary>PortKeeper's command-line switches, and the check that refuses what the configuration provider would silently accept.</summary>
public static class PortKeeperCommandLine
{
    /// <summary>The listen address frps plugin examples use, unless <c>--urls</c> or ASPNETCORE_URLS says otherwise.</summary>
    public const string DefaultUrls = "http://127.0.0.1:8080";

    /// <summary>The host's own switches, which pass through unchanged, with their value and meaning for <c>--help</c>.</summary>
    public static readonly IReadOnlyList<(string Switch, string Value, string Meaning)> HostOptions =
    [
        ("--urls", "<urls>", $"the gateway's HTTP listen address(es), separated by ; (default {DefaultUrls})"),
        ("--environment", "<name>", "host environment: appsettings.<name>.json is read too (default Production)"),
        ("--contentRoot", "<folder>", "folder of appsettings.json (default the current folder)"),
        ("--applicationName", "<name>", "host application name"),
    ];

    /// <summary>The host's own switches, which pass through unchanged.</summary>
    public static readonly IReadOnlyList<string> HostSwitches = [.. HostOptions.Select(h => h.Switch)];

    /// <summary>
    /// The arguments for the host builder: <paramref name="args"/> with the host's reload of
    /// appsettings on change turned off. PortKeeper reads its settings once at start-up, and the
    /// watcher behind that reload watches the content root with its subfolders, where <c>./data</c>
    /// usually is: every database write would wake it.
    /// </summary>
    public static string[] ForHost(string[] args) => [.. args, "--hostBuilder:reloadConfigOnChange=false"];

    /// <summary>Switch to configuration key, e.g. <c>--allow-ports</c> to <c>PortKeeper:AllowPorts</c>.</summary>
    public static readonly IReadOnlyDictionary<string, string> SwitchMappings =
        OptionNames.All.ToFrozenDictionary(o => o.Switch, o => o.Key, StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> Known =
        SwitchMappings.Keys.Concat(HostSwitches).ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Adds the command line with PortKeeper's switch mappings (add it after other sources so it wins).
    /// Throws <see cref="StartupException"/> (<see cref="StartupFailure.Setting"/>) with the message of <see cref="Check"/> when the
    /// arguments are not acceptable.
    /// </summary>
    public static IConfigurationBuilder AddPortKeeperCommandLine(this IConfigurationBuilder b, string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (Check(args) is string error)
        {
            throw new StartupException(StartupFailure.Setting, error);
        }
        return b.AddCommandLine(WithPoolKeys(args), SwitchMappings.ToDictionary(StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>
    /// <paramref name="args"/> with every <c>--pool NAME=SPEC</c> written as
    /// <c>--PortKeeper:Pools:NAME=SPEC</c>, so that a repeated <c>--pool</c> adds a pool instead of
    /// replacing the one before (the configuration provider keeps the last value of a key), and a
    /// pool of the command line replaces the pool of that name in appsettings or the environment.
    /// Expects arguments that <see cref="Check"/> accepted.
    /// </summary>
    public static string[] WithPoolKeys(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var rewritten = new List<string>(args.Count);
        for (var i = 0; i < args.Count; i++)
        {
            if (PoolValue(args, i) is not var (entry, used))
            {
                rewritten.Add(args[i]);
                continue;
            }
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            rewritten.Add($"--{OptionNames.Pools.Key}:{entry[..equals].Trim()}={entry[(equals + 1)..].Trim()}");
            i += used - 1;
        }
        return [.. rewritten];
    }

    // The value of a --pool at args[i] and how many arguments it takes; null for any other argument.
    private static (string Entry, int Used)? PoolValue(IReadOnlyList<string> args, int i)
    {
        var arg = args[i];
        var sw = OptionNames.Pools.Switch;
        if (arg.Length > sw.Length && arg[sw.Length] == '=' && arg.StartsWith(sw, StringComparison.OrdinalIgnoreCase))
        {
            return (arg[(sw.Length + 1)..], 1);
        }
        return string.Equals(arg, sw, StringComparison.OrdinalIgnoreCase) && i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
            ? (args[i + 1], 2)
            : null;
    }

    /// <summary>
    /// Returns null when every argument is a known switch followed by its value (<c>--x v</c> or
    /// <c>--x=v</c>), else one line naming the first unknown switch, stray argument or missing value.
    /// Full configuration paths such as <c>--Logging:LogLevel:Default</c> are accepted, except
    /// unknown keys under <c>PortKeeper:</c>.
    /// </summary>
    public static string? Check(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var pools = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith('-') && !arg.StartsWith('/'))
            {
                return $"unexpected argument '{arg}'; options look like --allow-ports 20000-29999";
            }
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg : arg[..equals];
            if (!IsKnown(name))
            {
                return $"unknown option '{name}'; known options: {string.Join(", ", SwitchMappings.Keys.Order(StringComparer.Ordinal))}, {string.Join(", ", HostSwitches)}";
            }
            if (PoolValue(args, i) is var (entry, used))
            {
                if (PoolProblem(entry, pools) is { } problem)
                {
                    return $"{OptionNames.Pools.Switch}: {problem}";
                }
                i += used - 1;
                continue;
            }
            if (equals >= 0)
            {
                continue;
            }
            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                return string.Equals(name, OptionNames.AllowEmptyUser.Switch, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(name, OptionNames.AcceptRangeChange.Switch, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(name, OptionNames.Kubernetes.Switch, StringComparison.OrdinalIgnoreCase)
                    ? $"{name} needs a value: true or false"
                    : $"{name} needs a value";
            }
            i++;
        }
        return null;
    }

    // A --pool value that does not parse, or names a pool given before; null when it is fine.
    private static string? PoolProblem(string entry, HashSet<string> pools) =>
        PoolOption.Parse(entry) switch
        {
            Parsed<PoolOption>.Error e => e.Message,
            Parsed<PoolOption>.Ok ok when !pools.Add(ok.Value.Name) => $"pool '{ok.Value.Name}' is given twice; give each pool once",
            _ => null,
        };

    private static bool IsKnown(string name)
    {
        if (Known.Contains(name))
        {
            return true;
        }
        // Hosts that pass their configuration as arguments (the test host does) also pass each
        // section on its own, with an empty value: --PortKeeper=.
        if (string.Equals(name, "--" + PortKeeperOptions.Section, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        if (!name.StartsWith("--", StringComparison.Ordinal) || !name.Contains(':', StringComparison.Ordinal))
        {
            return false;
        }
        var path = name[2..];
        var prefix = PortKeeperOptions.Section + ":";
        // The pools are a section of their own: PortKeeper:Pools:eu.
        return !path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            || OptionNames.ByProperty.ContainsKey(path[prefix.Length..].Split(':')[0]);
    }
}
