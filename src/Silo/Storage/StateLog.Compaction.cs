using System.Diagnostics;

namespace PortKeeper.Silo.Storage;

internal sealed partial class StateLog
{
    private long _nextCompactionAttempt;

    /// <summary>
    /// Rewrites the log as a snapshot of the live states once it is much larger than they are.
    /// Runs on the writer loop, so appends wait until the new log is in place.
    /// </summary>
    private void CompactIfWorthwhile()
    {
        var before = _logLength;
        if (_lastWriteError is not null
            || before < _options.CompactionMinimumBytes
            || before < _options.CompactionRatio * _liveBytes
            || before < _nextCompactionAttempt)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var snapshotPath = Path.Combine(_directory, SnapshotFileName);
        try
        {
            WriteSnapshot(snapshotPath, _sequence, _entries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The old log is untouched and complete: keep appending to it and retry much later.
            _logger.CompactionFailed(e, _directory);
            File.Delete(snapshotPath);
            _nextCompactionAttempt = before * 2;
            return;
        }

        try
        {
            _log.Dispose();
            InstallSnapshot(_directory, snapshotPath, _logPath);
            _log = OpenForAppend(_logPath);
            _log.Seek(0, SeekOrigin.End);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Until the folder is flushed the old log may come back after a power loss, so appending
            // to the new one could lose acknowledged writes: stop rather than guess.
            Stop(e, "compacting");
            return;
        }

        Interlocked.Exchange(ref _logLength, _log.Length);
        _nextCompactionAttempt = 0;
        var elapsed = Stopwatch.GetElapsedTime(started);
        _logger.Compacted(_directory, before, _logLength, elapsed.TotalMilliseconds);
    }
}
