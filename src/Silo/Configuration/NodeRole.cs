namespace PortKeeper.Silo.Configuration;

/// <summary>What a gateway process hosts besides the HTTP endpoint frps calls.</summary>
public enum NodeRole
{
    /// <summary>A silo in the same process: one process per frps host.</summary>
    Combined,

    /// <summary>No silo: an Orleans client of dedicated silos, found through PostgreSQL membership.</summary>
    Gateway,
}
