using System.Collections.Frozen;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;

namespace PortKeeper.Silo.Configuration;

/// <summary>One option under its three spellings: switch, configuration key, environment variable.</summary>
internal sealed record OptionName(string Property, string Switch)
{
    public string Key => $"{PortKeeperOptions.Section}:{Property}";

    public string Variable => $"{PortKeeperOptions.Section}__{Property}";
}

/// <summary>The option table, and the spelling of an option as the user typed it.</summary>
internal static class OptionNames
{
    public static readonly OptionName AllowPorts = new(nameof(PortKeeperOptions.AllowPorts), "--allow-ports");
    public static readonly OptionName ExcludePorts = new(nameof(PortKeeperOptions.ExcludePorts), "--exclude-ports");
    public static readonly OptionName FrpsConfig = new(nameof(PortKeeperOptions.FrpsConfig), "--frps-config");
    public static readonly OptionName DataDir = new(nameof(PortKeeperOptions.DataDir), "--data-dir");
    public static readonly OptionName Postgres = new(nameof(PortKeeperOptions.Postgres), "--postgres");
    public static readonly OptionName Role = new(nameof(PortKeeperOptions.Role), "--role");
    public static readonly OptionName AdvertiseAddress = new(nameof(PortKeeperOptions.AdvertiseAddress), "--advertise-address");
    public static readonly OptionName AcceptRangeChange = new(nameof(PortKeeperOptions.AcceptRangeChange), "--accept-range-change");
    public static readonly OptionName Kubernetes = new(nameof(PortKeeperOptions.Kubernetes), "--kubernetes");
    public static readonly OptionName AdminToken = new(nameof(PortKeeperOptions.AdminToken), "--admin-token");
    public static readonly OptionName LeaseExpiry = new(nameof(PortKeeperOptions.LeaseExpiry), "--lease-expiry");
    public static readonly OptionName SiloPort = new(nameof(PortKeeperOptions.SiloPort), "--silo-port");
    public static readonly OptionName GatewayPort = new(nameof(PortKeeperOptions.GatewayPort), "--gateway-port");
    public static readonly OptionName ClusterId = new(nameof(PortKeeperOptions.ClusterId), "--cluster-id");
    public static readonly OptionName ServiceId = new(nameof(PortKeeperOptions.ServiceId), "--service-id");
    public static readonly OptionName PluginPath = new(nameof(PortKeeperOptions.PluginPath), "--plugin-path");
    public static readonly OptionName AnswerTimeout = new(nameof(PortKeeperOptions.AnswerTimeout), "--answer-timeout");
    public static readonly OptionName AllowEmptyUser = new(nameof(PortKeeperOptions.AllowEmptyUser), "--allow-empty-user");
    public static readonly OptionName MaxBodyBytes = new(nameof(PortKeeperOptions.MaxBodyBytes), "--max-body-bytes");
    public static readonly OptionName Import = new(nameof(PortKeeperOptions.Import), "--import");

    public static readonly IReadOnlyList<OptionName> All =
    [
        AllowPorts, ExcludePorts, FrpsConfig, DataDir, Postgres, Role, AdvertiseAddress, AcceptRangeChange, Kubernetes, AdminToken, LeaseExpiry,
        SiloPort, GatewayPort, ClusterId, ServiceId, PluginPath, AnswerTimeout, AllowEmptyUser, MaxBodyBytes, Import,
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
            CommandLineConfigurationProvider => ByProperty.TryGetValue(key.Split(':')[^1], out var o) && o.Key.Equals(key, StringComparison.OrdinalIgnoreCase) ? o.Switch : $"--{key}",
            EnvironmentVariablesConfigurationProvider => key.Replace(":", "__", StringComparison.Ordinal),
            FileConfigurationProvider file => $"{key} in {file.Source.Path}",
            _ => key,
        };
    }
}
