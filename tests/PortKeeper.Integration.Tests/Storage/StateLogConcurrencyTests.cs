using System.Diagnostics;
using Xunit.Abstractions;
using static PortKeeper.Integration.Tests.Storage.StorageHarness;

namespace PortKeeper.Integration.Tests.Storage;

public sealed class StateLogConcurrencyTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDataFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Two_hundred_concurrent_writes_are_all_there_after_reopen()
    {
        await using (var log = OpenLog(_folder.Path))
        {
            await Task.WhenAll(Enumerable.Range(0, 200).Select(n => Task.Run(() => log.WriteAsync(Key(n), null, Bytes($"v{n}")))));
        }

        await using var reopened = OpenLog(_folder.Path);
        Assert.All(Enumerable.Range(0, 200), n => Assert.Equal($"v{n}", Text(reopened.Read(Key(n)))));
    }

    [Fact]
    public async Task Sixteen_writers_in_a_loop_all_land_and_report_the_rate()
    {
        const int writers = 16, writesEach = 500;
        var stopwatch = Stopwatch.StartNew();
        await using (var log = OpenLog(_folder.Path))
        {
            await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
            {
                string? etag = null;
                for (var i = 0; i < writesEach; i++)
                {
                    etag = await log.WriteAsync(Key(w), etag, Bytes(new string('p', 200) + i));
                }
            })));
        }

        stopwatch.Stop();
        output.WriteLine($"{writers * writesEach} durable writes by {writers} writers in {stopwatch.ElapsedMilliseconds} ms: " +
            $"{writers * writesEach / stopwatch.Elapsed.TotalSeconds:F0} writes/s");
        await using var reopened = OpenLog(_folder.Path);
        Assert.All(Enumerable.Range(0, writers), w => Assert.EndsWith($"{writesEach - 1}", Text(reopened.Read(Key(w))), StringComparison.Ordinal));
    }
}
