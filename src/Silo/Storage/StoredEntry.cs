using System.Globalization;

namespace PortKeeper.Silo.Storage;

/// <summary>
/// A durable state as held in memory. <paramref name="Version"/> is the log sequence number of the
/// write that produced it: unique across all keys and never reused, so a cleared and re-created
/// state can never match an etag handed out before the clear.
/// </summary>
internal sealed record StoredEntry(long Version, byte[] Data)
{
    /// <summary>The etag handed to grains: the version in invariant digits.</summary>
    public string ETag => Version.ToString(CultureInfo.InvariantCulture);
}
