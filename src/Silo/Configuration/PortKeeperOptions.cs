namespace PortKeeper.Silo.Configuration;

/// <summary>
/// PortKeeper's settings, section <c>PortKeeper</c>: from the command line (<c>--allow-ports</c>),
/// appsettings.json (<c>PortKeeper:AllowPorts</c>) or the environment (<c>PortKeeper__AllowPorts</c>).
/// </summary>
public sealed class PortKeeperOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string Section = "PortKeeper";

    /// <summary>Ports to hand out, frps INI syntax (<c>20000-29999,30001</c>); must lie inside frps's allowPorts.</summary>
    public string? AllowPorts { get; set; }

    /// <summary>Ports never handed out, same syntax as <see cref="AllowPorts"/>.</summary>
    public string? ExcludePorts { get; set; }

    /// <summary>Path of frps.toml / .yaml / .yml / .json / .ini: its allowPorts and the ports frps binds.</summary>
    public string? FrpsConfig { get; set; }

    /// <summary>
    /// The pools besides the default one, by name (<c>--pool NAME=SPEC</c>, repeatable): each is
    /// served at <c>{PluginPath}/NAME</c> with users, groups and ports of its own; SPEC is its allow
    /// ports or the path of its frps config.
    /// </summary>
    public IDictionary<string, PoolSource> Pools { get; } = new SortedDictionary<string, PoolSource>(StringComparer.Ordinal);

    /// <summary>Folder of the embedded storage (single node).</summary>
    public string DataDir { get; set; } = "./data";

    /// <summary>Npgsql connection string; when set, grain state and membership live in PostgreSQL.</summary>
    public string? Postgres { get; set; }

    /// <summary>
    /// <see cref="NodeRole.Combined"/> (the default) co-hosts a silo with the gateway;
    /// <see cref="NodeRole.Gateway"/> runs the gateway alone as an Orleans client of the silos
    /// found in <see cref="Postgres"/>; <see cref="NodeRole.Silo"/> runs a dedicated silo, with
    /// health checks and metrics as its only HTTP endpoints.
    /// </summary>
    public NodeRole Role { get; set; } = NodeRole.Combined;

    /// <summary>
    /// IP address other silos and gateways use to reach this silo (recorded in the membership
    /// table); loopback when unset, which only works when every node runs on one host. A
    /// non-loopback address makes the silo listen on every interface.
    /// </summary>
    public string? AdvertiseAddress { get; set; }

    /// <summary>
    /// With <see cref="Postgres"/>: a range differing from the cluster's stored range replaces it
    /// for the whole cluster instead of stopping start-up.
    /// </summary>
    public bool AcceptRangeChange { get; set; }

    /// <summary>
    /// With <see cref="Postgres"/>: the silo runs in a Kubernetes pod (Orleans' Kubernetes hosting):
    /// it takes its name and address from POD_NAME, POD_NAMESPACE and POD_IP, and silos whose pod
    /// is gone are declared dead at once instead of after missed probes.
    /// </summary>
    public bool Kubernetes { get; set; }

    /// <summary>
    /// Bearer token of the admin API (<c>/leases</c>, <c>/pool</c>): reading and releasing leases.
    /// Unset, the admin API is off. At least 16 characters.
    /// </summary>
    public string? AdminToken { get; set; }

    /// <summary>
    /// Releases the port of a proxy that has been offline (closed, not seen since) for this long,
    /// e.g. <c>30d</c>. Unset, ports are kept until an operator releases them.
    /// </summary>
    public TimeSpan? LeaseExpiry { get; set; }

    /// <summary>
    /// How long an frpc session heard through frps's Ping op may stay silent (no Ping, no NewProxy)
    /// before its proxies count as offline, for expiry and release; zero turns it off. Only sessions
    /// heard pinging count, so it does nothing unless frps registers Ping with the plugin.
    /// </summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Orleans silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Orleans client gateway port.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Orleans cluster id.</summary>
    public string ClusterId { get; set; } = "portkeeper";

    /// <summary>Orleans service id.</summary>
    public string ServiceId { get; set; } = "portkeeper";

    /// <summary>HTTP path frps posts plugin calls to.</summary>
    public string PluginPath { get; set; } = "/port-registrations";

    /// <summary>Longest wait for an answer to frps; more than 0 and under 20 s, when frpc re-sends.</summary>
    public TimeSpan AnswerTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether proxies of frpc clients without a <c>user</c> get ports.</summary>
    public bool AllowEmptyUser { get; set; }

    /// <summary>Largest plugin request body accepted, 1 KiB to 1 MiB.</summary>
    public int MaxBodyBytes { get; set; } = 65536;

    /// <summary>The most ports one user's own proxies may hold in a pool, unless an operator set the user's own limit; 0 for no limit.</summary>
    public int MaxPortsPerUser { get; set; }

    /// <summary>
    /// Data of an earlier frp port keeper to take over at start-up: a gokv folder, a db.json or a
    /// ports.map. Keys that already hold a port keep it; running it again changes nothing.
    /// </summary>
    public string? Import { get; set; }
}
