using PortKeeper.Contracts;

namespace PortKeeper.Silo.Import;

/// <summary>
/// A port an earlier keeper gave a key, where that was read (the file, and the line where the format
/// has lines), and when the earlier keeper granted it, where the format kept that.
/// </summary>
public sealed record LegacyClaim(LeaseKey Key, int Port, string Source, DateTimeOffset? CreatedAt = null);
