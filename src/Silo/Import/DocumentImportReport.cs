namespace PortKeeper.Silo.Import;

/// <summary>The report of an import of an export document, per pool of the document; a dry run changed nothing.</summary>
public sealed record DocumentImportReport(bool DryRun, IReadOnlyList<PoolImport> Pools)
{
    /// <summary>Leases taken over in every pool.</summary>
    public int Imported => Pools.Sum(p => p.Imported);

    /// <summary>Leases already here the same, in every pool.</summary>
    public int Unchanged => Pools.Sum(p => p.Unchanged);

    /// <summary>Entries not imported, in every pool.</summary>
    public int Conflicts => Pools.Sum(p => p.Conflicts.Count);
}
