using Microsoft.Extensions.Logging;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace PortKeeper.Silo.Storage;

/// <summary>
/// Orleans grain storage for single-node mode: states live in memory and are made durable in a
/// write-ahead log in a local data folder (see <see cref="EmbeddedGrainStorageOptions"/>).
/// The folder is opened when the silo starts and released when it stops.
/// </summary>
public sealed class EmbeddedGrainStorage(
    string name,
    EmbeddedGrainStorageOptions options,
    IActivatorProvider activatorProvider,
    ILogger<EmbeddedGrainStorage> logger) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private StateLog? _log;

    /// <summary>
    /// True while the store is open and every write so far reached the disk; false before the silo
    /// started it, after it stopped, and for good after a write error (see <see cref="LastWriteError"/>).
    /// </summary>
    public bool IsHealthy => _log?.IsHealthy ?? false;

    /// <summary>The error that stopped the store, or null while none happened.</summary>
    public Exception? LastWriteError => _log?.LastWriteError;

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(
            OptionFormattingUtilities.Name<EmbeddedGrainStorage>(name),
            ServiceLifecycleStage.ApplicationServices,
            _ => OpenAsync(),
            _ => CloseAsync());

    /// <summary>
    /// Fills <paramref name="grainState"/> from memory: the state, its etag and RecordExists = true;
    /// a fresh state, a null etag and RecordExists = false when nothing is stored.
    /// Throws <see cref="InvalidOperationException"/> when the store is not open.
    /// </summary>
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var entry = Log.Read(Key(stateName, grainId));
        if (entry is null)
        {
            Reset(grainState);
        }
        else
        {
            grainState.State = options.GrainStorageSerializer.Deserialize<T>(new BinaryData(entry.Data));
            grainState.ETag = entry.ETag;
            grainState.RecordExists = true;
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Every state stored under <paramref name="stateName"/>, by grain id text (<c>type/key</c>).
    /// Throws <see cref="InvalidOperationException"/> when the store is not open.
    /// </summary>
    public IEnumerable<(string GrainId, T State)> ReadAll<T>(string stateName) =>
        Log.ReadAll(stateName).Select(e => (e.GrainId, options.GrainStorageSerializer.Deserialize<T>(new BinaryData(e.Entry.Data))!));

    /// <summary>
    /// Stores the state durably and sets the new etag. Throws <see cref="InconsistentStateException"/>
    /// when the etag is not the stored one (null for a first write), and the I/O error when the write
    /// did not reach the disk.
    /// </summary>
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var data = options.GrainStorageSerializer.Serialize(grainState.State).ToArray();
        grainState.ETag = await Log.WriteAsync(Key(stateName, grainId), grainState.ETag, data);
        grainState.RecordExists = true;
    }

    /// <summary>
    /// Removes the state durably and resets <paramref name="grainState"/>; fails like
    /// <see cref="WriteStateAsync{T}"/>.
    /// </summary>
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await Log.ClearAsync(Key(stateName, grainId), grainState.ETag);
        Reset(grainState);
    }

    internal Task OpenAsync()
    {
        _log ??= StateLog.Open(options, logger);
        return Task.CompletedTask;
    }

    internal async Task CloseAsync()
    {
        if (Interlocked.Exchange(ref _log, null) is { } log)
        {
            await log.DisposeAsync();
        }
    }

    private StateLog Log => _log ?? throw new InvalidOperationException($"The grain storage '{name}' is not open.");

    private static StateKey Key(string stateName, GrainId grainId) => new(stateName, grainId.ToString());

    private void Reset<T>(IGrainState<T> grainState)
    {
        grainState.State = activatorProvider.GetActivator<T>().Create();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }
}
