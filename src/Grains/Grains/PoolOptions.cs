namespace PortKeeper.Grains;

/// <summary>Timing of the port pool's repair of unconfirmed grants.</summary>
public sealed class PoolOptions
{
    /// <summary>
    /// How old an unconfirmed grant must be before repair asks its lease about it, and how often
    /// repair runs. Far above the time a lease takes to store a grant.
    /// </summary>
    public TimeSpan RepairAge { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a pool compares its claims with what its users and groups hold (<see cref="Contracts.IPortPoolGrain.RepairAsync"/>).</summary>
    public TimeSpan AuditPeriod { get; set; } = TimeSpan.FromMinutes(10);
}
