using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using PortKeeper.Silo.Storage;

namespace PortKeeper.Integration.Tests.Storage;

/// <summary>Opens <see cref="EmbeddedGrainStorage"/> and <see cref="StateLog"/> on a folder without a silo.</summary>
internal static class StorageHarness
{
    public const string StateName = "counter";

    private static readonly IActivatorProvider Activators =
        new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<IActivatorProvider>();

    public static EmbeddedGrainStorageOptions Options(string folder, long compactionMinimumBytes = 8 << 20) => new()
    {
        DataDirectory = folder,
        CompactionMinimumBytes = compactionMinimumBytes,
        GrainStorageSerializer = new JsonTestSerializer(),
    };

    public static async Task<EmbeddedGrainStorage> OpenStorageAsync(string folder)
    {
        var storage = new EmbeddedGrainStorage("test", Options(folder), Activators, NullLogger<EmbeddedGrainStorage>.Instance);
        await storage.OpenAsync();
        return storage;
    }

    public static StateLog OpenLog(string folder, long compactionMinimumBytes = 8 << 20) =>
        StateLog.Open(Options(folder, compactionMinimumBytes), NullLogger.Instance);

    public static GrainId Grain(int n) => GrainId.Create("counter", n.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static StateKey Key(int n) => new(StateName, Grain(n).ToString());

    public static byte[] Bytes(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    public static string Text(StoredEntry? entry) => entry is null ? "(none)" : System.Text.Encoding.UTF8.GetString(entry.Data);
}
