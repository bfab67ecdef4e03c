using System.Buffers;
using Orleans.Storage;

namespace PortKeeper.Silo.Storage;

internal sealed partial class StateLog
{
    private const int MaxBatchCount = 4096;
    private const int MaxBatchBytes = 4 << 20;

    private readonly ArrayBufferWriter<byte> _batchBuffer = new(1 << 16);

    private async Task RunWriterAsync()
    {
        var batch = new List<WriteRequest>();
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync())
        {
            var bytes = 0L;
            while (batch.Count < MaxBatchCount && bytes < MaxBatchBytes && reader.TryRead(out var request))
            {
                batch.Add(request);
                bytes += request.Data?.Length ?? 0;
            }

            try
            {
                WriteBatch(batch);
                CompactIfWorthwhile();
            }
            catch (Exception e)
            {
                // A dead writer loop would leave every later caller waiting forever: fail loudly instead.
                Stop(e, "processing a batch for");
                batch.ForEach(request => request.Fail(e));
            }

            batch.Clear();
        }
    }

    /// <summary>
    /// Checks every change against the acknowledged states plus the earlier changes of the same batch,
    /// appends the accepted ones, flushes once, and only then publishes them and completes their callers.
    /// </summary>
    private void WriteBatch(List<WriteRequest> batch)
    {
        if (_lastWriteError is { } stopped)
        {
            var error = new IOException($"The state log in '{_directory}' stopped after a write error; restart to recover.", stopped);
            batch.ForEach(request => request.Fail(error));
            return;
        }

        var pending = new Dictionary<StateKey, StoredEntry?>();
        var accepted = new List<(WriteRequest Request, string? ETag)>(batch.Count);
        _batchBuffer.ResetWrittenCount();
        foreach (var request in batch)
        {
            var current = pending.TryGetValue(request.Key, out var earlier) ? earlier : Read(request.Key);
            if (!string.Equals(current?.ETag, request.ExpectedETag, StringComparison.Ordinal))
            {
                request.Fail(Conflict(request, current));
            }
            else if (current is null && request.Data is null)
            {
                request.Succeed(null);
            }
            else
            {
                var entry = request.Data is null ? null : new StoredEntry(++_sequence, request.Data);
                LogRecordCodec.WriteChange(_batchBuffer, request.Key, entry?.Version ?? ++_sequence, request.Data);
                pending[request.Key] = entry;
                accepted.Add((request, entry?.ETag));
            }
        }

        if (accepted.Count > 0 && TryAppend(accepted))
        {
            foreach (var (key, entry) in pending)
            {
                Publish(key, entry);
            }

            accepted.ForEach(a => a.Request.Succeed(a.ETag));
        }
    }

    private bool TryAppend(List<(WriteRequest Request, string? ETag)> accepted)
    {
        try
        {
            _log.Write(_batchBuffer.WrittenSpan);
            _log.Flush(flushToDisk: true);
            Interlocked.Add(ref _logLength, _batchBuffer.WrittenCount);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            // After a failed fsync the kernel may have dropped the dirty pages: retrying could acknowledge
            // data that is not on disk, so the store stops and a restart replays what really is there.
            Stop(e, "appending to");
            accepted.ForEach(a => a.Request.Fail(e));
            return false;
        }
    }

    private void Publish(StateKey key, StoredEntry? entry)
    {
        if (_entries.TryGetValue(key, out var old))
        {
            _liveBytes -= LogRecordCodec.EncodedLength(key, old.Data);
        }

        if (entry is null)
        {
            _entries.TryRemove(key, out _);
            return;
        }

        _entries[key] = entry;
        _liveBytes += LogRecordCodec.EncodedLength(key, entry.Data);
    }

    private void Stop(Exception error, string action)
    {
        _lastWriteError = error;
        _logger.Stopped(error, _directory, action);
    }

    private static InconsistentStateException Conflict(WriteRequest request, StoredEntry? current) =>
        new(
            $"Version conflict on state '{request.Key.StateName}' of grain {request.Key.GrainId}: " +
            $"stored etag {current?.ETag ?? "(none)"}, the writer expected {request.ExpectedETag ?? "(none)"}.",
            current?.ETag ?? string.Empty,
            request.ExpectedETag ?? string.Empty);
}
