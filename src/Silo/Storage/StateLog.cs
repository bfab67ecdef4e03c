using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace PortKeeper.Silo.Storage;

/// <summary>
/// A durable dictionary of grain states: every state lives in memory and every change is appended
/// to a write-ahead log in the data folder. A single writer loop drains the queue of changes,
/// appends them together and flushes once (group commit); a change is acknowledged only after that
/// flush. Reads see only acknowledged changes.
/// </summary>
internal sealed partial class StateLog : IAsyncDisposable
{
    /// <summary>Name of the log file inside the data folder.</summary>
    public const string LogFileName = "state.log";

    private readonly ConcurrentDictionary<StateKey, StoredEntry> _entries;
    private readonly Channel<WriteRequest> _queue =
        Channel.CreateUnbounded<WriteRequest>(new UnboundedChannelOptions { SingleReader = true });

    private readonly EmbeddedGrainStorageOptions _options;
    private readonly ILogger _logger;
    private readonly DataDirectoryLock _lock;
    private readonly string _directory;
    private readonly string _logPath;
    private readonly Task _writer;
    private FileStream _log;
    private long _sequence;
    private long _logLength;
    private long _liveBytes;
    private volatile Exception? _lastWriteError;

    private StateLog(
        EmbeddedGrainStorageOptions options, ILogger logger, DataDirectoryLock directoryLock,
        string directory, ReplayResult replay, FileStream log)
    {
        _options = options;
        _logger = logger;
        _lock = directoryLock;
        _directory = directory;
        _logPath = Path.Combine(directory, LogFileName);
        _entries = new ConcurrentDictionary<StateKey, StoredEntry>(replay.Entries);
        _liveBytes = replay.Entries.Sum(e => (long)LogRecordCodec.EncodedLength(e.Key, e.Value.Data));
        _sequence = replay.Sequence;
        _log = log;
        _logLength = log.Length;
        _writer = Task.Run(RunWriterAsync);
    }

    /// <summary>The full path of the data folder.</summary>
    public string Directory => _directory;

    /// <summary>False once a write or compaction failed (see <see cref="LastWriteError"/>) or the log is closed.</summary>
    public bool IsHealthy => _lastWriteError is null && !_writer.IsCompleted;

    /// <summary>The error that stopped the store, or null while it is healthy.</summary>
    public Exception? LastWriteError => _lastWriteError;

    /// <summary>Bytes in the log file now; for tests and diagnostics.</summary>
    public long LogLength => Interlocked.Read(ref _logLength);

    /// <summary>Returns the acknowledged state of <paramref name="key"/>, or null when none is stored.</summary>
    public StoredEntry? Read(StateKey key) => _entries.GetValueOrDefault(key);

    /// <summary>The states stored under <paramref name="stateName"/> now, by grain id.</summary>
    public IEnumerable<(string GrainId, StoredEntry Entry)> ReadAll(string stateName) =>
        _entries.Where(e => e.Key.StateName == stateName).Select(e => (e.Key.GrainId, e.Value)).ToList();

    /// <summary>
    /// Stores <paramref name="data"/> if the stored etag equals <paramref name="expectedETag"/>
    /// (null: nothing stored yet) and returns the new etag once it is on disk. Fails with
    /// <see cref="Orleans.Storage.InconsistentStateException"/> on an etag mismatch, with the I/O
    /// error when the write failed, and with <see cref="ObjectDisposedException"/> once closed.
    /// </summary>
    public async Task<string> WriteAsync(StateKey key, string? expectedETag, byte[] data) =>
        (await Enqueue(new WriteRequest(key, expectedETag, data)))!;

    /// <summary>
    /// Removes the state of <paramref name="key"/> durably if the stored etag equals
    /// <paramref name="expectedETag"/>; fails like <see cref="WriteAsync"/>.
    /// </summary>
    public Task ClearAsync(StateKey key, string? expectedETag) =>
        Enqueue(new WriteRequest(key, expectedETag, null));

    /// <summary>Writes what is queued, then closes the log and releases the folder; never fails.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
        await _log.DisposeAsync();
        _lock.Dispose();
    }

    private Task<string?> Enqueue(WriteRequest request) =>
        _queue.Writer.TryWrite(request)
            ? request.Completion
            : throw new ObjectDisposedException(nameof(StateLog), $"The state log in '{_directory}' is closed.");
}
