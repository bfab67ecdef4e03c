using Orleans.Configuration;

namespace PortKeeper.Silo.Hosting;

/// <summary>
/// How many grain locations a silo remembers. Orleans sizes its directory cache for 1,000,000
/// grains and allocates that up front: 9 MB of a node's memory, whatever it serves. PortKeeper has
/// a grain per user and per group, and a node looks up only those its gateway and grains call.
/// </summary>
public static class DirectoryCache
{
    /// <summary>Locations remembered: users and groups a node calls, beyond which a lookup asks the directory again.</summary>
    public const int Size = 100_000;

    /// <summary>Sets <see cref="Size"/>.</summary>
    public static void Sized(GrainDirectoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.CacheSize = Size;
    }
}
