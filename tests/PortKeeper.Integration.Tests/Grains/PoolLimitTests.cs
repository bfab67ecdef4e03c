using PortKeeper.Domain;
using PortKeeper.Contracts;

namespace PortKeeper.Integration.Tests.Grains;

[Collection(GrainCollection.Name)]
public sealed class PoolLimitTests(GrainCluster cluster)
{
    [Fact]
    public async Task three_ports_serve_three_tcp_and_three_udp_keys_and_a_fourth_of_each_is_refused()
    {
        async Task<Allocation> Acquire(Protocol protocol, string name) =>
            await cluster.Lease(LeaseKey.ForProxy(protocol, LeaseKeys.UserOf(name), name), GrainCluster.Tiny).AcquireAsync(new LeaseRequest(name));

        var tcp = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => Acquire(Protocol.Tcp, $"t{i}")));
        var udp = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => Acquire(Protocol.Udp, $"u{i}")));
        var fourthTcp = await Acquire(Protocol.Tcp, "t3");
        var fourthUdp = await Acquire(Protocol.Udp, "u3");

        int[] all = [30000, 30001, 30002];
        Assert.Equal(all, tcp.Select(o => Assert.IsType<Allocation.Granted>(o).Port).Order());
        Assert.Equal(all, udp.Select(o => Assert.IsType<Allocation.Granted>(o).Port).Order());
        Assert.Equal(new Allocation.PoolFull("30000-30002"), fourthTcp);
        Assert.Equal(new Allocation.PoolFull("30000-30002"), fourthUdp);
        var stats = await cluster.Grains.Pool(GrainCluster.Tiny).GetStatsAsync();
        Assert.Equal((3, 3), (stats.TcpTaken, stats.UdpTaken));
    }
}
