using PortKeeper.Grains;
using Orleans.TestingHost;
using PortKeeper.Silo.Storage;

namespace PortKeeper.Integration.Tests.Storage;

public sealed class EmbeddedStorageSiloTests : IDisposable
{
    private readonly TempDataFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Grain_state_written_through_a_silo_is_read_back_after_the_silo_restarts()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo.AddEmbeddedGrainStorage(StorageNames.Provider, _folder.Path));
        await using var cluster = builder.Build();
        await cluster.DeployAsync();

        await cluster.Client.GetGrain<INoteGrain>("a").SetAsync("kept across restarts");
        await cluster.RestartSiloAsync(cluster.Silos[0]);

        // The restarted silo listens on a new gateway port, which only a new client learns.
        await cluster.StopClusterClientAsync();
        await cluster.InitializeClientAsync();

        Assert.Equal("kept across restarts", await cluster.Client.GetGrain<INoteGrain>("a").GetAsync());
    }
}
