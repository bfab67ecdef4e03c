using Microsoft.Extensions.Logging;

namespace PortKeeper.Silo.Storage;

internal sealed partial class StateLog
{
    private const string SnapshotFileName = "state.log.compact";

    /// <summary>
    /// Opens the store in <see cref="EmbeddedGrainStorageOptions.DataDirectory"/>: creates the folder,
    /// takes its lock, replays the log and cuts off a torn or corrupt tail. Throws
    /// <see cref="IOException"/> when another process owns the folder or the disk fails, and
    /// <see cref="InvalidDataException"/> when the log file is not a state log.
    /// </summary>
    public static StateLog Open(EmbeddedGrainStorageOptions options, ILogger logger)
    {
        var directory = Path.GetFullPath(options.DataDirectory);
        System.IO.Directory.CreateDirectory(directory);
        var directoryLock = DataDirectoryLock.Acquire(directory);
        try
        {
            var logPath = Path.Combine(directory, LogFileName);
            var snapshotPath = Path.Combine(directory, SnapshotFileName);

            // A snapshot only counts once renamed over the log; one left here is from a crash mid-compaction.
            File.Delete(snapshotPath);
            if (!File.Exists(logPath))
            {
                WriteSnapshot(snapshotPath, sequence: 0, []);
                InstallSnapshot(directory, snapshotPath, logPath);
            }

            var replay = LogReplay.Read(logPath);
            var log = OpenForAppend(logPath);
            if (replay.ValidLength < replay.FileLength)
            {
                logger.TailDropped(logPath, replay.FileLength - replay.ValidLength, replay.ValidLength);
                log.SetLength(replay.ValidLength);
                log.Flush(flushToDisk: true);
            }

            log.Seek(0, SeekOrigin.End);
            logger.Opened(logPath, replay.Entries.Count, replay.ValidLength);
            return new StateLog(options, logger, directoryLock, directory, replay, log);
        }
        catch
        {
            directoryLock.Dispose();
            throw;
        }
    }

    private static FileStream OpenForAppend(string path) =>
        new(path, FileMode.Open, FileAccess.Write, FileShare.Read, bufferSize: 0);

    /// <summary>Writes a complete log beside the log (a checkpoint plus one put per state) and flushes it.</summary>
    private static void WriteSnapshot(string snapshotPath, long sequence, IEnumerable<KeyValuePair<StateKey, StoredEntry>> entries)
    {
        using var snapshot = new FileStream(snapshotPath, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1 << 16);
        LogRecordCodec.WriteCheckpoint(buffer, sequence);
        foreach (var (key, entry) in entries)
        {
            LogRecordCodec.WriteChange(buffer, key, entry.Version, entry.Data);
            if (buffer.WrittenCount >= 1 << 20)
            {
                snapshot.Write(buffer.WrittenSpan);
                buffer.ResetWrittenCount();
            }
        }

        snapshot.Write(buffer.WrittenSpan);
        snapshot.Flush(flushToDisk: true);
    }

    /// <summary>
    /// Renames a flushed snapshot over the log and flushes the folder, so that after a crash the log
    /// is either the old or the new one, both complete.
    /// </summary>
    private static void InstallSnapshot(string directory, string snapshotPath, string logPath)
    {
        File.Move(snapshotPath, logPath, overwrite: true);
        DirectorySync.Flush(directory);
    }
}
