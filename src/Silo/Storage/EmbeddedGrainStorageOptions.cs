using Orleans.Storage;

namespace PortKeeper.Silo.Storage;

/// <summary>Settings of the embedded grain storage used in single-node mode.</summary>
public sealed class EmbeddedGrainStorageOptions : IStorageProviderSerializerOptions
{
    /// <summary>Folder holding the state log and the lock file; created if missing.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>The log is compacted only once it is at least this large.</summary>
    public long CompactionMinimumBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>The log is compacted once it is this many times larger than the live states.</summary>
    public int CompactionRatio { get; set; } = 4;

    /// <inheritdoc />
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;
}
