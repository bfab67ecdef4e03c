namespace PortKeeper.Silo.Import;

/// <summary>What became of one entry of an import: a closed set.</summary>
public abstract record ImportOutcome
{
    private ImportOutcome() { }

    /// <summary>Taken over: the key now holds the document's port (or the user has the document's limit).</summary>
    public sealed record Imported : ImportOutcome;

    /// <summary>Already here the same: the key holds that port (or the user has that limit).</summary>
    public sealed record Unchanged : ImportOutcome;

    /// <summary>Taken over by an earlier start-up import of the same file, and left as it is now.</summary>
    public sealed record Earlier : ImportOutcome;

    /// <summary>Not imported, nothing changed; <c>Conflict</c> says why.</summary>
    public sealed record Conflicted(ImportConflict Conflict) : ImportOutcome;
}
