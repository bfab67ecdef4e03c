using System.Collections.Frozen;
using Microsoft.Extensions.Configuration;
using PortKeeper.Domain;

namespace PortKeeper.Silo.Configuration;

/// <summary>
/// A node's command line, read by the option table. By hand rather than by System.CommandLine, which
/// takes a known switch for the value of the switch before it (<c>--pool --allow-ports 1</c> would
/// make <c>--allow-ports</c> a pool), matches switches in one case only, and has no place for the
/// configuration paths (<c>--Logging:LogLevel:Default Debug</c>) that the host and its test host pass.
/// </summary>
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

    // Every switch with the configuration key it sets: --allow-ports to PortKeeper:AllowPorts, --urls to urls.
    private static readonly FrozenDictionary<string, string> Keys =
        NodeOptions.All.Select(o => (o.Switch, o.Key)).Concat(HostOptions.Select(h => (h.Switch, Key: h.Switch[2..])))
            .ToFrozenDictionary(s => s.Switch, s => s.Key, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The arguments for the host builder: <paramref name="args"/> with the host's reload of
    /// appsettings on change turned off. PortKeeper reads its settings once at start-up, and the
    /// watcher behind that reload watches the content root with its subfolders, where <c>./data</c>
    /// usually is: every database write would wake it.
    /// </summary>
    public static string[] ForHost(string[] args) => [.. args, "--hostBuilder:reloadConfigOnChange=false"];

    /// <summary>
    /// Adds the command line (add it after other sources so it wins). Throws <see cref="StartupException"/>
    /// (<see cref="StartupFailure.Setting"/>) with the message of <see cref="Read"/> when the arguments
    /// are not acceptable.
    /// </summary>
    public static IConfigurationBuilder AddPortKeeperCommandLine(this IConfigurationBuilder b, string[] args) =>
        Read(args) switch
        {
            // Through the command-line provider, so that a bad value is named by its switch.
            Parsed<IReadOnlyList<KeyValuePair<string, string>>>.Ok ok => b.AddCommandLine([.. ok.Value.Select(s => $"--{s.Key}={s.Value}")]),
            Parsed<IReadOnlyList<KeyValuePair<string, string>>>.Error e => throw new StartupException(StartupFailure.Setting, e.Message),
            _ => throw new InvalidOperationException("unreachable"),
        };

    /// <summary>
    /// The configuration keys and values of <paramref name="args"/>: each switch of the option table
    /// or of the host (<c>--x v</c> or <c>--x=v</c>, in any case) and each full configuration path
    /// (<c>--Logging:LogLevel:Default Debug</c>). Every <c>--pool NAME=SPEC</c> becomes
    /// <c>PortKeeper:Pools:NAME</c>, so that a repeated <c>--pool</c> adds a pool instead of replacing
    /// the one before, and a pool of the command line replaces the pool of that name in appsettings or
    /// the environment. Pure. Returns one line naming the first unknown switch (or unknown key under
    /// <c>PortKeeper:</c>), stray argument, switch without its value, <c>--pool</c> that is not
    /// NAME=SPEC or pool given twice.
    /// </summary>
    public static Parsed<IReadOnlyList<KeyValuePair<string, string>>> Read(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var read = new List<KeyValuePair<string, string>>();
        var pools = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith('-') && !arg.StartsWith('/'))
            {
                return Error($"unexpected argument '{arg}'; options look like --allow-ports 20000-29999");
            }
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg : arg[..equals];
            if (Key(name) is not { } key)
            {
                return Error($"unknown option '{name}'; known options: {string.Join(", ", NodeOptions.All.Select(o => o.Switch).Order(StringComparer.Ordinal))}, {string.Join(", ", HostOptions.Select(h => h.Switch))}");
            }
            string value;
            if (equals >= 0)
            {
                value = arg[(equals + 1)..];
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }
            else
            {
                return Error(NodeOptions.All.Any(o => o.Key == key && o.TakesTrueOrFalse) ? $"{name} needs a value: true or false" : $"{name} needs a value");
            }
            if (string.Equals(name, NodeOptions.Pools.Switch, StringComparison.OrdinalIgnoreCase))
            {
                // NAME=SPEC, split at its first '='; PortKeeperSettings.Read checks the SPEC.
                var split = value.IndexOf('=', StringComparison.Ordinal);
                if (split < 0)
                {
                    return Error($"{NodeOptions.Pools.Switch}: '{value.Trim()}' is not NAME=SPEC, like eu=30000-30999 or eu=/etc/frp/frps-eu.toml");
                }
                var pool = value[..split].Trim();
                if (PoolRegistry.NameProblem(pool) is { } problem)
                {
                    return Error($"{NodeOptions.Pools.Switch}: {problem}");
                }
                if (!pools.Add(pool))
                {
                    return Error($"{NodeOptions.Pools.Switch}: pool '{pool}' is given twice; give each pool once");
                }
                (key, value) = ($"{key}:{pool}", value[(split + 1)..].Trim());
            }
            read.Add(new(key, value));
        }
        return new Parsed<IReadOnlyList<KeyValuePair<string, string>>>.Ok(read);
    }

    // The configuration key a switch sets; null for a switch that is no option.
    private static string? Key(string name)
    {
        if (Keys.TryGetValue(name, out var key))
        {
            return key;
        }
        if (!name.StartsWith("--", StringComparison.Ordinal))
        {
            return null;
        }
        var path = name[2..];
        // Hosts that pass their configuration as arguments (the test host does) also pass each
        // section on its own, with an empty value: --PortKeeper=.
        if (string.Equals(path, PortKeeperOptions.Section, StringComparison.OrdinalIgnoreCase))
        {
            return path;
        }
        if (!path.Contains(':', StringComparison.Ordinal))
        {
            return null;
        }
        var prefix = PortKeeperOptions.Section + ":";
        // The pools are a section of their own: PortKeeper:Pools:eu.
        return !path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || NodeOptions.ByProperty.ContainsKey(path[prefix.Length..].Split(':')[0])
            ? path
            : null;
    }

    private static Parsed<IReadOnlyList<KeyValuePair<string, string>>>.Error Error(string message) => new(message);
}
