namespace PortKeeper.Gateway.Cli;

/// <summary>How a command shows the node's answer to a person (with <c>--json</c>, the answer is printed as it came).</summary>
public enum CliView
{
    /// <summary>A table of pools (<c>GET /pools</c>).</summary>
    Pools,

    /// <summary>A table of leases (<c>GET /leases</c>).</summary>
    Leases,

    /// <summary>A user, its limits and its leases (<c>/users/{user}</c>).</summary>
    User,

    /// <summary>One lease (a port's holder, a proxy's lease).</summary>
    Lease,

    /// <summary>One lease, released.</summary>
    Released,

    /// <summary>A group and its members.</summary>
    Group,

    /// <summary>A pool's limits.</summary>
    Limits,

    /// <summary>A table of reservations and blocked ports.</summary>
    Reservations,

    /// <summary>One reservation, made.</summary>
    Reserved,

    /// <summary>One reservation, removed.</summary>
    Unreserved,

    /// <summary>A repair's report.</summary>
    Repair,

    /// <summary>An export document, printed or written to a file as it came.</summary>
    Export,

    /// <summary>An import's report.</summary>
    Import,
}
