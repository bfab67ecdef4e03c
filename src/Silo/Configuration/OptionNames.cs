using System.Collections.Frozen;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;

namespace PortKeeper.Silo.Configuration;

/// <summary>
/// One option under its three spellings: switch, configuration key, environment variable; with
/// the value it takes and what it means, one line each, for <c>--help</c>.
/// </summary>
internal sealed record OptionName(string Property, string Switch, string Value, string Meaning)
{
    public string Key => $"{PortKeeperOptions.Section}:{Property}";

    public string Variable => $"{PortKeeperOptions.Section}__{Property}";
}

/// <summary>The option table, and the spelling of an option as the user typed it.</summary>
internal static class OptionNames
{
    public static readonly OptionName AllowPorts = new(nameof(PortKeeperOptions.AllowPorts), "--allow-ports", "<ports>", "ports to hand out, frps INI syntax: 20000-29999,30001");
    public static readonly OptionName ExcludePorts = new(nameof(PortKeeperOptions.ExcludePorts), "--exclude-ports", "<ports>", "ports never handed out, same syntax");
    public static readonly OptionName FrpsConfig = new(nameof(PortKeeperOptions.FrpsConfig), "--frps-config", "<file>", "frps.toml, .yaml, .yml, .json or .ini: its allowPorts, minus the ports frps binds");
    public static readonly OptionName Pools = new(nameof(PortKeeperOptions.Pools), "--pool", "<name>=<ports|file>", "another pool (frps cluster), served at <plugin path>/<name>: its allow ports or its frps config; repeatable");
    public static readonly OptionName DataDir = new(nameof(PortKeeperOptions.DataDir), "--data-dir", "<folder>", "folder of the embedded store, single node");
    public static readonly OptionName Postgres = new(nameof(PortKeeperOptions.Postgres), "--postgres", "<connection>", "Npgsql connection string: PostgreSQL storage and clustering");
    public static readonly OptionName Role = new(nameof(PortKeeperOptions.Role), "--role", "<role>", "combined (gateway and silo), gateway (an Orleans client of dedicated silos; needs --postgres) or silo (a dedicated silo: health and metrics only over HTTP)");
    public static readonly OptionName AdvertiseAddress = new(nameof(PortKeeperOptions.AdvertiseAddress), "--advertise-address", "<ip>", "with --postgres: the address other nodes reach this silo at");
    public static readonly OptionName AcceptRangeChange = new(nameof(PortKeeperOptions.AcceptRangeChange), "--accept-range-change", "<bool>", "with --postgres: a range differing from the cluster's replaces it");
    public static readonly OptionName Kubernetes = new(nameof(PortKeeperOptions.Kubernetes), "--kubernetes", "<bool>", "with --postgres, in a pod: Orleans' Kubernetes hosting");
    public static readonly OptionName AdminToken = new(nameof(PortKeeperOptions.AdminToken), "--admin-token", "<token>", "bearer token of the admin API (16 characters or more); unset, the admin API is off");
    public static readonly OptionName LeaseExpiry = new(nameof(PortKeeperOptions.LeaseExpiry), "--lease-expiry", "<duration>", "e.g. 30d: release the port of a proxy offline that long; unset, never");
    public static readonly OptionName SessionTimeout = new(nameof(PortKeeperOptions.SessionTimeout), "--session-timeout", "<duration>", "an frpc session that pinged (frps Ping op) and is silent that long counts as offline; 0 turns it off");
    public static readonly OptionName SiloPort = new(nameof(PortKeeperOptions.SiloPort), "--silo-port", "<port>", "Orleans silo-to-silo port");
    public static readonly OptionName GatewayPort = new(nameof(PortKeeperOptions.GatewayPort), "--gateway-port", "<port>", "Orleans client gateway port");
    public static readonly OptionName ClusterId = new(nameof(PortKeeperOptions.ClusterId), "--cluster-id", "<id>", "Orleans cluster id");
    public static readonly OptionName ServiceId = new(nameof(PortKeeperOptions.ServiceId), "--service-id", "<id>", "Orleans service id");
    public static readonly OptionName PluginPath = new(nameof(PortKeeperOptions.PluginPath), "--plugin-path", "<path>", "HTTP path frps posts to");
    public static readonly OptionName AnswerTimeout = new(nameof(PortKeeperOptions.AnswerTimeout), "--answer-timeout", "<duration>", "longest wait before frps gets a refusal, under 20s");
    public static readonly OptionName AllowEmptyUser = new(nameof(PortKeeperOptions.AllowEmptyUser), "--allow-empty-user", "<bool>", "give ports to proxies of clients without user");
    public static readonly OptionName MaxBodyBytes = new(nameof(PortKeeperOptions.MaxBodyBytes), "--max-body-bytes", "<bytes>", "larger requests get a 400");
    public static readonly OptionName MaxPortsPerUser = new(nameof(PortKeeperOptions.MaxPortsPerUser), "--max-ports-per-user", "<count>", "most ports one user's own proxies may hold in a pool; 0, no limit");
    public static readonly OptionName Import = new(nameof(PortKeeperOptions.Import), "--import", "<path>", "data of an earlier port keeper to take over at start-up");

    public static readonly IReadOnlyList<OptionName> All =
    [
        AllowPorts, ExcludePorts, FrpsConfig, Pools, DataDir, Postgres, Role, AdvertiseAddress, AcceptRangeChange, Kubernetes, AdminToken, LeaseExpiry, SessionTimeout,
        SiloPort, GatewayPort, ClusterId, ServiceId, PluginPath, AnswerTimeout, AllowEmptyUser, MaxBodyBytes, MaxPortsPerUser, Import,
    ];

    public static readonly FrozenDictionary<string, OptionName> ByProperty =
        All.ToFrozenDictionary(o => o.Property, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The option as the user gave it: the switch on the command line, the variable in the
    /// environment, the key and file in a JSON file; the switch when no provider holds it.
    /// </summary>
    public static string AsTyped(IConfiguration? configuration, OptionName option) =>
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
}
