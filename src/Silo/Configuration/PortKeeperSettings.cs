using Microsoft.Extensions.Configuration;
using PortKeeper.Domain;

namespace PortKeeper.Silo.Configuration;

/// <summary>
/// A node's options and the pools they resolve to, known before any host is built. A gateway-only
/// node (<see cref="NodeRole.Gateway"/>), which hands out no port, knows its pools' names only.
/// </summary>
public sealed record PortKeeperSettings(PortKeeperOptions Options, PoolRegistry Pools)
{
    private static readonly string[] PodVariables = ["POD_NAME", "POD_NAMESPACE", "POD_IP"];

    /// <summary>The ports this node listens on itself (HTTP, silo, gateway), never handed out.</summary>
    public IReadOnlyList<NodeListener> Own { get; init; } = [];

    /// <summary>Those of <see cref="Own"/> that lay in some pool's configured ports and were left out of it.</summary>
    public IReadOnlyList<NodeListener> OwnLeftOut { get; init; } = [];

    /// <summary>
    /// The settings of the <c>PortKeeper</c> section of <paramref name="configuration"/>: each option
    /// read by its row of the option table and checked by its rule, then the rules between options,
    /// then the pools' ports. Pure: the environment and files come through <paramref name="inputs"/>.
    /// Returns every bad setting, one line each naming the option as the user typed it, when any is.
    /// </summary>
    public static SettingsRead Read(IConfiguration configuration, StartupInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(inputs);
        var (o, problems) = OptionsReader.Read(configuration.GetSection(PortKeeperOptions.Section));
        string Named(NodeOption option) => NodeOptions.AsTyped(configuration, option);

        // A pool's problem names its own entry (--pool, PortKeeper__Pools__eu, PortKeeper:Pools:0 in a file), an unknown key itself.
        string Entry(NodeOption? option, string key) =>
            option is not null && option != NodeOptions.Pools ? Named(option) : NodeOptions.AsTyped(configuration, key, option?.Switch ?? key);
        var failures = problems.Select(p => $"{Entry(p.Option, p.Key)}: {p.Problem}").ToList();
        var unreadable = problems.Select(p => p.Option).OfType<NodeOption>().ToHashSet();
        void Check(NodeOption option, string? problem)
        {
            if (problem is not null && !unreadable.Contains(option))
            {
                failures.Add($"{Named(option)}: {problem}");
            }
        }

        foreach (var option in NodeOptions.All)
        {
            Check(option, option.Rule(o));
        }
        if (o.SiloPort == o.GatewayPort)
        {
            failures.Add($"{Named(NodeOptions.SiloPort)} and {Named(NodeOptions.GatewayPort)} are both {o.SiloPort}; Orleans needs two different ports");
        }
        var postgres = !string.IsNullOrWhiteSpace(o.Postgres);
        Check(NodeOptions.Role, o.Role != NodeRole.Gateway || postgres ? null : $"gateway needs {Named(NodeOptions.Postgres)}: it finds the silos in PostgreSQL's membership table");
        if (o.Kubernetes && PodVariables.Where(v => string.IsNullOrWhiteSpace(inputs.Variable(v))).ToList() is var missing && (missing.Count > 0 || !postgres))
        {
            Check(NodeOptions.Kubernetes, missing.Count > 0
                ? $"needs {string.Join(", ", missing)} set from the pod (Kubernetes downward API)"
                : $"needs {Named(NodeOptions.Postgres)}: the cluster's membership lives in PostgreSQL");
        }
        if (!string.IsNullOrWhiteSpace(o.Import))
        {
            Check(NodeOptions.Import, inputs.ImportProblem(o.Import));
        }

        // A gateway-only node hands out no port itself: the silos' range is the one that counts.
        var listsParse = NodeOptions.AllowPorts.Rule(o) is null && NodeOptions.ExcludePorts.Rule(o) is null;
        var ports = listsParse && o.Role != NodeRole.Gateway
            ? ResolvedPorts.Read(o, configuration, inputs.ReadFrps)
            : new Parsed<NodePorts>.Ok(PortRangeResolver.Unresolved(o, NodeListeners.Of(o, configuration)));
        if (ports is Parsed<NodePorts>.Error resolution)
        {
            failures.Add(resolution.Message);
        }
        return failures.Count > 0 || ports is not Parsed<NodePorts>.Ok { Value: var node }
            ? new SettingsRead.Failed([.. failures.Select(FrpsConfigReader.OneLine)])
            : new SettingsRead.Ok(new(o, node.Pools) { Own = node.Own, OwnLeftOut = node.OwnLeftOut });
    }

    /// <summary>
    /// <see cref="Read"/> on this machine, so that a silo can be set up from the settings. Throws
    /// <see cref="StartupException"/> (<see cref="StartupFailure.Setting"/>) naming every bad setting.
    /// </summary>
    public static PortKeeperSettings Load(IConfiguration configuration) =>
        Read(configuration, StartupInputs.OfThisMachine) switch
        {
            SettingsRead.Ok ok => ok.Settings,
            SettingsRead.Failed failed => throw new StartupException(StartupFailure.Setting, failed.Line),
            _ => throw new InvalidOperationException("unreachable"),
        };
}
