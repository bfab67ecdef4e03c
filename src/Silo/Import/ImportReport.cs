namespace PortKeeper.Silo.Import;

/// <summary>What an import did with each claim: taken over now, already held here, taken over by an earlier import.</summary>
public sealed record ImportReport(int Imported, int AlreadyHeld, int Earlier, IReadOnlyList<string> Problems);
