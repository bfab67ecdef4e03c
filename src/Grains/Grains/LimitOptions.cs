namespace PortKeeper.Grains;

/// <summary>The default limit of every user (<c>--max-ports-per-user</c>).</summary>
public sealed class LimitOptions
{
    /// <summary>The most ports one user's own proxies may hold in a pool, unless an operator set the user's own limit; 0 for no limit.</summary>
    public int MaxPortsPerUser { get; set; }
}
