namespace PortKeeper.Silo.Storage;

/// <summary>What one record of the state log says. The numbers are on disk: never renumber.</summary>
internal enum LogRecordKind : byte
{
    /// <summary>First record of every log file: format magic and the sequence reached so far.</summary>
    Checkpoint = 1,

    /// <summary>A state was written; carries the serialized state.</summary>
    Put = 2,

    /// <summary>A state was cleared; carries no data.</summary>
    Clear = 3,
}
