using Microsoft.Extensions.Logging;

namespace PortKeeper.Silo.Storage;

/// <summary>Log messages of the state log, generated so that disabled levels cost nothing.</summary>
internal static partial class StateLogMessages
{
    [LoggerMessage(Level = LogLevel.Information, Message = "State log {Path} opened: {Count} states, {Bytes} bytes")]
    public static partial void Opened(this ILogger logger, string path, int count, long bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "State log {Path}: dropped {Bytes} bytes of torn or corrupt tail at offset {Offset} (a write cut off by a crash, never acknowledged)")]
    public static partial void TailDropped(this ILogger logger, string path, long bytes, long offset);

    [LoggerMessage(Level = LogLevel.Information, Message = "State log in {Directory} compacted from {Before} to {After} bytes in {ElapsedMs} ms")]
    public static partial void Compacted(this ILogger logger, string directory, long before, long after, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "State log in {Directory} could not be compacted; it keeps growing")]
    public static partial void CompactionFailed(this ILogger logger, Exception error, string directory);

    [LoggerMessage(Level = LogLevel.Error, Message = "State log in {Directory} stopped after an error {Action} it; restart to recover")]
    public static partial void Stopped(this ILogger logger, Exception error, string directory, string action);
}
