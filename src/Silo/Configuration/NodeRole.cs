namespace PortKeeper.Silo.Configuration;

/// <summary>What a node runs: the HTTP endpoint frps calls, a silo, or both.</summary>
public enum NodeRole
{
    /// <summary>A silo in the same process: one process per frps host.</summary>
    Combined,

    /// <summary>No silo: an Orleans client of dedicated silos, found through PostgreSQL membership.</summary>
    Gateway,

    /// <summary>
    /// A dedicated silo: no plugin or admin endpoint, only health checks and metrics over HTTP;
    /// gateway nodes of its cluster (PostgreSQL membership) send it their requests.
    /// </summary>
    Silo,
}
