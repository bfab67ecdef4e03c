using PortKeeper.Contracts;

namespace PortKeeper.Silo.Import;

/// <summary>A pool's limits: the exporting node's <c>--max-ports-per-user</c> (for reading: a setting, not imported) and the users' own limits.</summary>
public sealed record ExportLimits(int MaxPortsPerUser, IReadOnlyList<OwnLimit> Users)
{
    /// <summary>No limit at all.</summary>
    public static readonly ExportLimits None = new(0, []);
}
