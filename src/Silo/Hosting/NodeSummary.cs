using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PortKeeper.Silo.Configuration;
using PortKeeper.Silo.Sqlite;

namespace PortKeeper.Silo.Hosting;

/// <summary>The few lines a node writes once it has started: what it is, what it serves, where it keeps its data.</summary>
public static partial class NodeSummary
{
    /// <summary>
    /// The node's role, its pool and range, its storage and its Orleans endpoints, in one line
    /// (a password in the connection string is left out). <paramref name="listening"/> are the HTTP
    /// addresses frps reaches, when the node serves them.
    /// </summary>
    public static string Describe(PortKeeperSettings settings, IEnumerable<string> listening)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var o = settings.Options;
        var storage = o.Postgres is { Length: > 0 } postgres
            ? $"PostgreSQL {Postgres.PostgresSchema.Target.Parse(postgres)}"
            : $"SQLite {Path.GetFullPath(Path.Combine(o.DataDir, SqliteDataSource.FileName))}";
        var pool = o.Role == NodeRole.Gateway
            ? $"pools {string.Join(", ", settings.Pools.All.Select(p => p.Name))} (ports decided by the silos)"
            : string.Join("; ", settings.Pools.All.Select(p => $"pool {p.Name} {p.Range} ({p.Range.Count} ports)"));
        var urls = listening.ToList();
        var plugin = o.Role == NodeRole.Silo
            ? (urls.Count > 0 ? $"; health and metrics at {string.Join(", ", urls)}" : "")
            : urls.Count > 0 ? $"; frps plugin at {string.Join(", ", urls.Select(u => u.TrimEnd('/') + o.PluginPath))}"
            + (settings.Pools.Extra.IsEmpty ? "" : $" (pools of --pool at {o.PluginPath}/<pool>)") : "";
        var silo = o.Role == NodeRole.Gateway ? "" : $"; silo port {o.SiloPort}, gateway port {o.GatewayPort}";
        return $"PortKeeper started as a {o.Role.ToString().ToLowerInvariant()} node: {pool}; storage {storage}{plugin}{silo}";
    }

    /// <summary>Logs <see cref="Describe"/> once the host has started.</summary>
    public static void LogWhenStarted(IHost host, PortKeeperSettings settings, Func<IEnumerable<string>> listening)
    {
        ArgumentNullException.ThrowIfNull(host);
        var logger = host.Services.GetService(typeof(ILogger<PortKeeperSettings>)) as ILogger;
        if (logger is not null)
        {
            var summary = Describe(settings, listening());
            LogStarted(logger, summary);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Summary}")]
    private static partial void LogStarted(ILogger logger, string summary);
}
