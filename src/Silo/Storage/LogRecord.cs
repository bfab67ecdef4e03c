namespace PortKeeper.Silo.Storage;

/// <summary>One decoded record of the state log. <paramref name="Data"/> is null except for a put.</summary>
internal readonly record struct LogRecord(LogRecordKind Kind, long Sequence, StateKey Key, byte[]? Data);
