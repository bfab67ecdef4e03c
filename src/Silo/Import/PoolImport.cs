namespace PortKeeper.Silo.Import;

/// <summary>
/// What an import did, or in a dry run would do, in one pool of the document: leases and users' limits
/// taken over, already here the same (unchanged), taken over by an earlier start-up import (left as
/// they are), and the conflicts, none of which changed anything.
/// </summary>
public sealed record PoolImport(
    string Pool, int Imported, int Unchanged, int Earlier, int LimitsImported, int LimitsUnchanged,
    int ReservationsImported, int ReservationsUnchanged, IReadOnlyList<ImportConflict> Conflicts);
