namespace PortKeeper.Silo.Storage;

/// <summary>
/// What replaying a log file found: the live states, the highest sequence number, and how many
/// leading bytes of the file are intact (<paramref name="ValidLength"/> &lt; <paramref name="FileLength"/>
/// means a torn or corrupt tail).
/// </summary>
internal sealed record ReplayResult(
    Dictionary<StateKey, StoredEntry> Entries,
    long Sequence,
    long ValidLength,
    long FileLength);
