using System.Collections.Concurrent;

namespace PortKeeper.Integration.Tests.Processes;

public sealed class DurabilityTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("portkeeper-node-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task kill_nine_during_a_burst_loses_no_acknowledged_port_and_the_restart_keeps_every_one()
    {
        string[] args = ["--allow-ports", "20000-29999", "--data-dir", _data];
        var acknowledged = new ConcurrentDictionary<string, int>();
        var node = await NodeProcess.StartAsync(args);
        await using (node)
        {
            using var stop = new CancellationTokenSource();
            var burst = Enumerable.Range(0, 16).Select(worker => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var name = $"w{worker}-{i}";
                    try
                    {
                        if ((await node.Http.NewProxyAsync("burst", name)).GrantedPort() is int port)
                        {
                            acknowledged[name] = port;
                        }
                    }
                    catch (HttpRequestException)
                    {
                        return;
                    }
                }
            })).ToList();
            await Deadlines.UntilAsync(
                () => acknowledged.Count >= 300 || burst.TrueForAll(w => w.IsCompleted), Deadlines.Slow,
                () => $"300 acknowledged ports before the kill ({acknowledged.Count} so far):\n{node.Output}");
            Assert.True(acknowledged.Count >= 300, $"the burst stopped after {acknowledged.Count} acknowledged ports:\n{node.Output}");
            await node.KillAsync();
            await stop.CancelAsync();
            await Task.WhenAll(burst).WithinAsync(Deadlines.Quick, "the end of the burst after the kill");
        }

        await using var restarted = await NodeProcess.StartAsync(args);
        var after = new Dictionary<string, int>();
        foreach (var name in acknowledged.Keys)
        {
            after[name] = (await restarted.Http.NewProxyAsync("burst", name)).GrantedPort()
                ?? throw new InvalidOperationException($"{name} was refused after the restart:\n{restarted.Output}");
        }

        Assert.All(acknowledged, kv => Assert.Equal(kv.Value, after[kv.Key]));
        Assert.Equal(after.Count, after.Values.Distinct().Count());
        var fresh = (await restarted.Http.NewProxyAsync("burst", "after-restart")).GrantedPort();
        Assert.NotNull(fresh);
        Assert.DoesNotContain(fresh.Value, after.Values);
    }
}
