using PortKeeper.Contracts;

namespace PortKeeper.Silo.Import;

/// <summary>A lease of an export document to import into the pool of that name on this node.</summary>
public sealed record ImportEntry(string Pool, LeaseKey Key, ExportLease Lease);
