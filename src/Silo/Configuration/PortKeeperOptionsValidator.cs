using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using System.Net;
using Npgsql;
using PortKeeper.Domain;

namespace PortKeeper.Silo.Configuration;

/// <summary>Every start-up rule for <see cref="PortKeeperOptions"/>; each failure is one line naming the option as the user typed it.</summary>
internal sealed class PortKeeperOptionsValidator(IConfiguration? configuration, ResolvedPorts ports) : IValidateOptions<PortKeeperOptions>
{
    /// <summary>frpc sends NewProxy again after this long without an answer.</summary>
    public static readonly TimeSpan FrpcResend = TimeSpan.FromSeconds(20);

    public const int MinBodyBytes = 1024;

    public const int MaxBodyBytes = 1024 * 1024;

    public ValidateOptionsResult Validate(string? name, PortKeeperOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var unreadable = new HashSet<string>();
        if (configuration is not null)
        {
            foreach (var (option, key, problem) in OptionsText.Apply(configuration.GetSection(PortKeeperOptions.Section), new PortKeeperOptions()))
            {
                // A pool's problem names its own entry: --pool, PortKeeper__Pools__eu, PortKeeper:Pools:0 in a file.
                var typed = option is null || option == OptionNames.Pools ? OptionNames.AsTyped(configuration, key, option?.Switch ?? key) : Named(option);
                failures.Add($"{typed}: {problem}");
                unreadable.Add(option?.Property ?? key);
            }
        }

        void Check(OptionName option, bool ok, string problem)
        {
            if (!ok && !unreadable.Contains(option.Property))
            {
                failures.Add($"{Named(option)}: {problem}");
            }
        }

        Check(OptionNames.SiloPort, IsPort(options.SiloPort), $"{options.SiloPort} is not a port (1-65535)");
        Check(OptionNames.GatewayPort, IsPort(options.GatewayPort), $"{options.GatewayPort} is not a port (1-65535)");
        if (options.SiloPort == options.GatewayPort)
        {
            failures.Add($"{Named(OptionNames.SiloPort)} and {Named(OptionNames.GatewayPort)} are both {options.SiloPort}; Orleans needs two different ports");
        }
        Check(OptionNames.AnswerTimeout, options.AnswerTimeout > TimeSpan.Zero && options.AnswerTimeout < FrpcResend,
            $"{options.AnswerTimeout.TotalSeconds:0.###}s must be more than 0 and less than 20s, when frpc sends NewProxy again");
        Check(OptionNames.MaxBodyBytes, options.MaxBodyBytes is >= MinBodyBytes and <= MaxBodyBytes,
            $"{options.MaxBodyBytes} must be between {MinBodyBytes} (1 KiB) and {MaxBodyBytes} (1 MiB)");
        Check(OptionNames.MaxPortsPerUser, options.MaxPortsPerUser >= 0, $"{options.MaxPortsPerUser} must be 0 (no limit) or more");
        Check(OptionNames.DataDir, !string.IsNullOrWhiteSpace(options.DataDir), "must name a folder");
        Check(OptionNames.ClusterId, !string.IsNullOrWhiteSpace(options.ClusterId), "must not be empty");
        Check(OptionNames.ServiceId, !string.IsNullOrWhiteSpace(options.ServiceId), "must not be empty");
        Check(OptionNames.PluginPath, options.PluginPath.StartsWith('/'), $"'{options.PluginPath}' must start with /");
        Check(OptionNames.Import, string.IsNullOrWhiteSpace(options.Import) || File.Exists(options.Import) || Directory.Exists(options.Import),
            $"'{options.Import}' is no file or folder");
        if (!string.IsNullOrWhiteSpace(options.Import) && (File.Exists(options.Import) || Directory.Exists(options.Import))
            && Import.ImportFile.Read(options.Import).Unreadable is { } importProblem)
        {
            Check(OptionNames.Import, false, importProblem);
        }
        if (PostgresProblem(options.Postgres) is string postgres)
        {
            Check(OptionNames.Postgres, false, postgres);
        }

        Check(OptionNames.Role, options.Role != NodeRole.Gateway || !string.IsNullOrWhiteSpace(options.Postgres),
            $"gateway needs {Named(OptionNames.Postgres)}: it finds the silos in PostgreSQL's membership table");
        if (AdvertiseProblem(options.AdvertiseAddress) is string advertise)
        {
            Check(OptionNames.AdvertiseAddress, false, advertise);
        }
        Check(OptionNames.LeaseExpiry, options.LeaseExpiry is null || options.LeaseExpiry > TimeSpan.Zero,
            "must be longer than 0, e.g. 30d");
        Check(OptionNames.SessionTimeout, options.SessionTimeout >= TimeSpan.Zero, "must be 0 (off) or longer, e.g. 5m");
        Check(OptionNames.AdminToken, options.AdminToken is null || options.AdminToken.Trim().Length >= 16,
            "must have at least 16 characters (it guards the release of ports)");
        if (options.Kubernetes)
        {
            string[] pod = ["POD_NAME", "POD_NAMESPACE", "POD_IP"];
            var missing = pod.Where(v => string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(v))).ToList();
            Check(OptionNames.Kubernetes, !string.IsNullOrWhiteSpace(options.Postgres) && missing.Count == 0,
                missing.Count > 0
                    ? $"needs {string.Join(", ", missing)} set from the pod (Kubernetes downward API)"
                    : $"needs {Named(OptionNames.Postgres)}: the cluster's membership lives in PostgreSQL");
        }

        var listsParse = true;
        foreach (var (option, text) in new[] { (OptionNames.AllowPorts, options.AllowPorts), (OptionNames.ExcludePorts, options.ExcludePorts) })
        {
            if (!string.IsNullOrWhiteSpace(text) && AllowPorts.Parse(text) is Parsed<PortRange>.Error e)
            {
                Check(option, false, e.Message);
                listsParse = false;
            }
        }
        // A gateway-only node hands out no port itself: the silos' range is the one that counts.
        if (listsParse && options.Role != NodeRole.Gateway && ports.Choice(options) is Parsed<NodePorts>.Error resolution)
        {
            failures.Add(resolution.Message);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures.Select(FrpsConfigReader.OneLine));
    }

    private static bool IsPort(int port) => port is >= PortRange.MinPort and <= PortRange.MaxPort;

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

    private string Named(OptionName option) => OptionNames.AsTyped(configuration, option);
}
