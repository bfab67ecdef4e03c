using Orleans.Storage;
using static PortKeeper.Integration.Tests.Storage.StorageHarness;

namespace PortKeeper.Integration.Tests.Storage;

public sealed class StateLogCompactionTests : IDisposable
{
    private const long SmallThreshold = 16 * 1024;

    private readonly TempDataFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Compaction_keeps_every_live_state_and_survives_reopen()
    {
        var etags = new Dictionary<int, string>();
        string staleETag;
        await using (var log = OpenLog(_folder.Path, SmallThreshold))
        {
            for (var round = 0; round < 100; round++)
            {
                for (var n = 0; n < 20; n++)
                {
                    etags[n] = await log.WriteAsync(Key(n), etags.GetValueOrDefault(n), Bytes($"{n}:{round}:" + new string('x', 50)));
                }
            }

            await log.ClearAsync(Key(19), etags[19]);
            staleETag = etags[19];
            etags.Remove(19);

            Assert.True(log.LogLength < SmallThreshold * 2, $"log is {log.LogLength} bytes; it was never compacted");
        }

        await using var reopened = OpenLog(_folder.Path, SmallThreshold);
        for (var n = 0; n < 19; n++)
        {
            Assert.StartsWith($"{n}:99:", Text(reopened.Read(Key(n))), StringComparison.Ordinal);
            Assert.Equal(etags[n], reopened.Read(Key(n))!.ETag);
        }

        Assert.Null(reopened.Read(Key(19)));
        await Assert.ThrowsAsync<InconsistentStateException>(() => reopened.WriteAsync(Key(19), staleETag, Bytes("again")));
        Assert.NotEqual(staleETag, await reopened.WriteAsync(Key(19), null, Bytes("again")));
    }
}
