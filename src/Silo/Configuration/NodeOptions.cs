using System.Collections.Frozen;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Npgsql;
using PortKeeper.Domain;

namespace PortKeeper.Silo.Configuration;

/// <summary>
/// The table of a node's options, the one that the command line, <c>--help</c> and
/// <see cref="PortKeeperSettings.Read"/> use: each option's spellings, meaning, conversion and rule.
/// Rules that tie several options together, or need files and the environment, are in
/// <see cref="PortKeeperSettings.Read"/>.
/// </summary>
internal static class NodeOptions
{
    /// <summary>frpc sends NewProxy again after this long without an answer.</summary>
    public static readonly TimeSpan FrpcResend = TimeSpan.FromSeconds(20);

    /// <summary>The smallest plugin request body a node may be set to accept, 1 KiB.</summary>
    public const int SmallestBody = 1024;

    /// <summary>The largest plugin request body a node may be set to accept, 1 MiB.</summary>
    public const int LargestBody = 1024 * 1024;

    public static readonly NodeOption AllowPorts = Text(nameof(PortKeeperOptions.AllowPorts), "--allow-ports", "<ports>", "ports to hand out, frps INI syntax: 20000-29999,30001",
        (o, t) => o.AllowPorts = t, o => o.AllowPorts) with { Rule = o => PortListProblem(o.AllowPorts) };

    public static readonly NodeOption ExcludePorts = Text(nameof(PortKeeperOptions.ExcludePorts), "--exclude-ports", "<ports>", "ports never handed out, same syntax",
        (o, t) => o.ExcludePorts = t, o => o.ExcludePorts) with { Rule = o => PortListProblem(o.ExcludePorts) };

    public static readonly NodeOption FrpsConfig = Text(nameof(PortKeeperOptions.FrpsConfig), "--frps-config", "<file>", "frps.toml, .yaml, .yml, .json or .ini: its allowPorts, minus the ports frps binds",
        (o, t) => o.FrpsConfig = t, o => o.FrpsConfig);

    /// <summary>A section rather than a value: <see cref="PoolEntries"/> reads it.</summary>
    public static readonly NodeOption Pools = new(nameof(PortKeeperOptions.Pools), "--pool", "<name>=<ports|file>", "another pool (frps cluster), served at <plugin path>/<name>: its allow ports or its frps config; repeatable");

    public static readonly NodeOption DataDir = Text(nameof(PortKeeperOptions.DataDir), "--data-dir", "<folder>", "folder of the embedded store, single node",
        (o, t) => o.DataDir = t, o => o.DataDir) with { Rule = o => string.IsNullOrWhiteSpace(o.DataDir) ? "must name a folder" : null };

    public static readonly NodeOption Postgres = Text(nameof(PortKeeperOptions.Postgres), "--postgres", "<connection>", "Npgsql connection string: PostgreSQL storage and clustering",
        (o, t) => o.Postgres = t, o => o.Postgres) with { Rule = o => PostgresProblem(o.Postgres) };

    public static readonly NodeOption Role = Converted(nameof(PortKeeperOptions.Role), "--role", "<role>", "combined (gateway and silo), gateway (an Orleans client of dedicated silos; needs --postgres) or silo (a dedicated silo: health and metrics only over HTTP)",
        OptionsText.Role, "is not a role: combined, gateway or silo", (o, v) => o.Role = v, o => o.Role);

    public static readonly NodeOption AdvertiseAddress = Text(nameof(PortKeeperOptions.AdvertiseAddress), "--advertise-address", "<ip>", "with --postgres: the address other nodes reach this silo at",
        (o, t) => o.AdvertiseAddress = t, o => o.AdvertiseAddress) with { Rule = o => AdvertiseProblem(o.AdvertiseAddress) };

    public static readonly NodeOption AcceptRangeChange = Converted(nameof(PortKeeperOptions.AcceptRangeChange), "--accept-range-change", "<bool>", "with --postgres: a range differing from the cluster's replaces it",
        OptionsText.Bool, "is not true or false", (o, v) => o.AcceptRangeChange = v, o => o.AcceptRangeChange);

    public static readonly NodeOption Kubernetes = Converted(nameof(PortKeeperOptions.Kubernetes), "--kubernetes", "<bool>", "with --postgres, in a pod: Orleans' Kubernetes hosting",
        OptionsText.Bool, "is not true or false", (o, v) => o.Kubernetes = v, o => o.Kubernetes);

    public static readonly NodeOption AdminToken = Text(nameof(PortKeeperOptions.AdminToken), "--admin-token", "<token>", "bearer token of the admin API (16 characters or more); unset, the admin API is off",
        (o, t) => o.AdminToken = string.IsNullOrWhiteSpace(t) ? null : t, o => o.AdminToken)
        with { Rule = o => o.AdminToken is null || o.AdminToken.Trim().Length >= 16 ? null : "must have at least 16 characters (it guards the release of ports)" };

    public static readonly NodeOption LeaseExpiry = new(nameof(PortKeeperOptions.LeaseExpiry), "--lease-expiry", "<duration>", "e.g. 30d: release the port of a proxy offline that long; unset, never")
    {
        Set = (t, o) => string.IsNullOrWhiteSpace(t) ? Assign(() => o.LeaseExpiry = null)
            : OptionsText.Duration(t) is TimeSpan expiry ? Assign(() => o.LeaseExpiry = expiry)
            : $"'{t}' is not a duration like 30d, 12h or 90m",
        Rule = o => o.LeaseExpiry is null || o.LeaseExpiry > TimeSpan.Zero ? null : "must be longer than 0, e.g. 30d",
        Get = o => o.LeaseExpiry,
    };

    public static readonly NodeOption SessionTimeout = new(nameof(PortKeeperOptions.SessionTimeout), "--session-timeout", "<duration>", "an frpc session that pinged (frps Ping op) and is silent that long counts as offline; 0 turns it off")
    {
        Set = (t, o) => (t.Trim() == "0" ? TimeSpan.Zero : OptionsText.Duration(t)) is TimeSpan session
            ? Assign(() => o.SessionTimeout = session)
            : $"'{t}' is not a duration like 5m or 90s (0 turns it off)",
        Rule = o => o.SessionTimeout >= TimeSpan.Zero ? null : "must be 0 (off) or longer, e.g. 5m",
        Get = o => o.SessionTimeout,
    };

    public static readonly NodeOption SiloPort = Converted(nameof(PortKeeperOptions.SiloPort), "--silo-port", "<port>", "Orleans silo-to-silo port",
        OptionsText.Whole, "is not a port (1-65535)", (o, v) => o.SiloPort = v, o => o.SiloPort) with { Rule = o => PortProblem(o.SiloPort) };

    public static readonly NodeOption GatewayPort = Converted(nameof(PortKeeperOptions.GatewayPort), "--gateway-port", "<port>", "Orleans client gateway port",
        OptionsText.Whole, "is not a port (1-65535)", (o, v) => o.GatewayPort = v, o => o.GatewayPort) with { Rule = o => PortProblem(o.GatewayPort) };

    public static readonly NodeOption ClusterId = Text(nameof(PortKeeperOptions.ClusterId), "--cluster-id", "<id>", "Orleans cluster id",
        (o, t) => o.ClusterId = t, o => o.ClusterId) with { Rule = o => NotEmpty(o.ClusterId) };

    public static readonly NodeOption ServiceId = Text(nameof(PortKeeperOptions.ServiceId), "--service-id", "<id>", "Orleans service id",
        (o, t) => o.ServiceId = t, o => o.ServiceId) with { Rule = o => NotEmpty(o.ServiceId) };

    public static readonly NodeOption PluginPath = Text(nameof(PortKeeperOptions.PluginPath), "--plugin-path", "<path>", "HTTP path frps posts to",
        (o, t) => o.PluginPath = t, o => o.PluginPath) with { Rule = o => o.PluginPath.StartsWith('/') ? null : $"'{o.PluginPath}' must start with /" };

    public static readonly NodeOption AnswerTimeout = Converted(nameof(PortKeeperOptions.AnswerTimeout), "--answer-timeout", "<duration>", "longest wait before frps gets a refusal, under 20s",
        OptionsText.Duration, "is not a duration like 5s or 500ms", (o, v) => o.AnswerTimeout = v, o => o.AnswerTimeout)
        with { Rule = o => o.AnswerTimeout > TimeSpan.Zero && o.AnswerTimeout < FrpcResend ? null : $"{o.AnswerTimeout.TotalSeconds:0.###}s must be more than 0 and less than 20s, when frpc sends NewProxy again" };

    public static readonly NodeOption AllowEmptyUser = Converted(nameof(PortKeeperOptions.AllowEmptyUser), "--allow-empty-user", "<bool>", "give ports to proxies of clients without user",
        OptionsText.Bool, "is not true or false", (o, v) => o.AllowEmptyUser = v, o => o.AllowEmptyUser);

    public static readonly NodeOption MaxBodyBytes = Converted(nameof(PortKeeperOptions.MaxBodyBytes), "--max-body-bytes", "<bytes>", "larger requests get a 400",
        OptionsText.Whole, "is not a whole number of bytes", (o, v) => o.MaxBodyBytes = v, o => o.MaxBodyBytes)
        with { Rule = o => o.MaxBodyBytes is >= SmallestBody and <= LargestBody ? null : $"{o.MaxBodyBytes} must be between {SmallestBody} (1 KiB) and {LargestBody} (1 MiB)" };

    public static readonly NodeOption MaxPortsPerUser = Converted(nameof(PortKeeperOptions.MaxPortsPerUser), "--max-ports-per-user", "<count>", "most ports one user's own proxies may hold in a pool; 0, no limit",
        OptionsText.Whole, "is not a whole number of ports (0 for no limit)", (o, v) => o.MaxPortsPerUser = v, o => o.MaxPortsPerUser)
        with { Rule = o => o.MaxPortsPerUser >= 0 ? null : $"{o.MaxPortsPerUser} must be 0 (no limit) or more" };

    /// <summary>Its file is checked by <see cref="PortKeeperSettings.Read"/>, through <see cref="StartupInputs.ImportProblem"/>.</summary>
    public static readonly NodeOption Import = Text(nameof(PortKeeperOptions.Import), "--import", "<path>", "data of an earlier port keeper to take over at start-up",
        (o, t) => o.Import = t, o => o.Import);

    /// <summary>Every option, in the order of <c>--help</c>.</summary>
    public static readonly IReadOnlyList<NodeOption> All =
    [
        AllowPorts, ExcludePorts, FrpsConfig, Pools, DataDir, Postgres, Role, AdvertiseAddress, AcceptRangeChange, Kubernetes, AdminToken, LeaseExpiry, SessionTimeout,
        SiloPort, GatewayPort, ClusterId, ServiceId, PluginPath, AnswerTimeout, AllowEmptyUser, MaxBodyBytes, MaxPortsPerUser, Import,
    ];

    /// <summary>The options by property name (the last part of their key), in any case.</summary>
    public static readonly FrozenDictionary<string, NodeOption> ByProperty =
        All.ToFrozenDictionary(o => o.Property, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The option as the user gave it: the switch on the command line, the variable in the
    /// environment, the key and file in a JSON file; the switch when no provider holds it.
    /// </summary>
    public static string AsTyped(IConfiguration? configuration, NodeOption option) =>
        AsTyped(configuration, option.Key, option.Switch);

    /// <summary>A configuration key as the user gave it; <paramref name="fallback"/> when no provider holds it.</summary>
    public static string AsTyped(IConfiguration? configuration, string key, string fallback)
    {
        var provider = (configuration as IConfigurationRoot)?.Providers
            .LastOrDefault(p => p.TryGet(key, out _));
        return provider switch
        {
            null => fallback,
            CommandLineConfigurationProvider when key.StartsWith(Pools.Key + ":", StringComparison.OrdinalIgnoreCase) => Pools.Switch,
            CommandLineConfigurationProvider => ByProperty.TryGetValue(key.Split(':')[^1], out var o) && o.Key.Equals(key, StringComparison.OrdinalIgnoreCase) ? o.Switch : $"--{key}",
            EnvironmentVariablesConfigurationProvider => key.Replace(":", "__", StringComparison.Ordinal),
            FileConfigurationProvider file => $"{key} in {file.Source.Path}",
            _ => key,
        };
    }

    private static NodeOption Text(string property, string option, string value, string meaning, Action<PortKeeperOptions, string> set, Func<PortKeeperOptions, object?> get) =>
        new(property, option, value, meaning) { Set = (t, o) => Assign(() => set(o, t)), Get = get };

    private static NodeOption Converted<T>(string property, string option, string value, string meaning,
        Func<string, T?> convert, string refusal, Action<PortKeeperOptions, T> set, Func<PortKeeperOptions, object?> get)
        where T : struct =>
        new(property, option, value, meaning)
        {
            Set = (t, o) => convert(t) is T v ? Assign(() => set(o, v)) : $"'{t}' {refusal}",
            Get = get,
        };

    // Runs the assignment; null, for a text that was a value.
    private static string? Assign(Action assign)
    {
        assign();
        return null;
    }

    private static string? PortProblem(int port) => PortRange.IsPort(port) ? null : $"{port} is not a port (1-65535)";

    private static string? NotEmpty(string text) => string.IsNullOrWhiteSpace(text) ? "must not be empty" : null;

    private static string? PortListProblem(string? text) =>
        !string.IsNullOrWhiteSpace(text) && Domain.AllowPorts.Parse(text) is Parsed<PortRange>.Error e ? e.Message : null;

    private static string? AdvertiseProblem(string? address)
    {
        if (address is null)
        {
            return null;
        }
        if (!IPAddress.TryParse(address.Trim(), out var ip))
        {
            return $"'{address}' is not an IP address (like 10.0.0.5); other nodes connect to it";
        }
        return ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)
            ? $"{address} is no address other nodes can connect to; give this host's own address"
            : null;
    }

    private static string? PostgresProblem(string? connectionString)
    {
        if (connectionString is null)
        {
            return null;
        }
        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
            return string.IsNullOrWhiteSpace(connectionString) ? "is empty; leave it out for the embedded storage" : null;
        }
        catch (ArgumentException e)
        {
            // The exception text names the bad keyword, never a value such as the password.
            return $"not a valid Npgsql connection string: {e.Message}";
        }
    }
}
