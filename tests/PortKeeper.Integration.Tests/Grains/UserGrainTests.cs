using PortKeeper.Domain;
using PortKeeper.Grains;
using PortKeeper.Contracts;

namespace PortKeeper.Integration.Tests.Grains;

[Collection(GrainCollection.Name)]
public sealed class UserGrainTests(GrainCluster cluster)
{
    private static LeaseRequest Request(string name, int? port = null) => new(name, port);

    private static LeaseKey Tcp(string name) => LeaseKey.ForProxy(Protocol.Tcp, LeaseKeys.UserOf(name), name);

    // Bursts of other tests take TCP ports anywhere in the range; tests that name ports use UDP.
    private static LeaseKey Udp(string name) => LeaseKey.ForProxy(Protocol.Udp, LeaseKeys.UserOf(name), name);

    [Fact]
    public async Task first_request_gets_a_port_in_range_and_later_requests_the_same()
    {
        var lease = cluster.Lease(Tcp("sticky.ssh"));

        var first = Assert.IsType<Allocation.Granted>(await lease.AcquireAsync(Request("sticky.ssh")));
        var again = Assert.IsType<Allocation.Granted>(await lease.AcquireAsync(Request("sticky.ssh")));

        Assert.True(first.IsNew);
        Assert.True(cluster.Range.Contains(first.Port));
        Assert.Equal(first.Port, again.Port);
        Assert.False(again.IsNew);
    }

    [Fact]
    public async Task known_key_is_answered_without_any_write()
    {
        var lease = cluster.Lease(Tcp("quiet.ssh"));
        await lease.AcquireAsync(Request("quiet.ssh"));
        var leaseWrites = cluster.Storage.Writes(StorageNames.UserState);
        var poolWrites = cluster.Storage.Writes(StorageNames.PoolState);

        for (var i = 0; i < 10; i++)
        {
            await lease.AcquireAsync(Request("quiet.ssh"));
        }

        Assert.Equal(leaseWrites, cluster.Storage.Writes(StorageNames.UserState));
        Assert.Equal(poolWrites, cluster.Storage.Writes(StorageNames.PoolState));
    }

    [Fact]
    public async Task two_hundred_distinct_keys_at_once_get_two_hundred_distinct_ports()
    {
        var keys = Enumerable.Range(0, 200).Select(i => Tcp($"burst{i}.ssh")).ToList();

        var outcomes = await Task.WhenAll(keys.Select(k => cluster.Lease(k).AcquireAsync(Request(k.Name))));

        var ports = outcomes.Select(o => Assert.IsType<Allocation.Granted>(o).Port).ToList();
        Assert.Equal(200, ports.Distinct().Count());
        Assert.All(ports, p => Assert.True(cluster.Range.Contains(p)));
    }

    [Fact]
    public async Task concurrent_first_allocations_share_pool_writes()
    {
        var before = cluster.Storage.Writes(StorageNames.PoolState);
        var keys = Enumerable.Range(0, 100).Select(i => Tcp($"shared{i}.ssh")).ToList();

        await Task.WhenAll(keys.Select(k => cluster.Lease(k).AcquireAsync(Request(k.Name))));

        var writes = cluster.Storage.Writes(StorageNames.PoolState) - before;
        Assert.InRange(writes, 1, 99);
    }

    [Fact]
    public async Task one_key_sent_twenty_times_at_once_gets_one_port()
    {
        var lease = cluster.Lease(Tcp("twenty.ssh"));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => lease.AcquireAsync(Request("twenty.ssh"))));

        Assert.Single(outcomes.Select(o => Assert.IsType<Allocation.Granted>(o).Port).Distinct());
    }

    [Fact]
    public async Task requested_port_is_granted_refused_when_held_and_refused_outside_the_range()
    {
        var owner = await cluster.Lease(Udp("owner.rdp")).AcquireAsync(Request("owner.rdp", 20600));
        var thief = await cluster.Lease(Udp("thief.rdp")).AcquireAsync(Request("thief.rdp", 20600));
        var outside = await cluster.Lease(Udp("far.rdp")).AcquireAsync(Request("far.rdp", 6100));

        Assert.Equal(new Allocation.Granted(20600, true), owner);
        Assert.Equal(new Allocation.HeldByAnother(20600), thief);
        Assert.Equal(new Allocation.NotInRange(6100, "20000-20999"), outside);
        Assert.Null(await cluster.Lease(Udp("thief.rdp")).GetAsync());
    }

    [Fact]
    public async Task client_asking_for_another_free_port_moves_and_frees_the_old_one()
    {
        var lease = cluster.Lease(Udp("mover.web"));
        var first = Assert.IsType<Allocation.Granted>(await lease.AcquireAsync(Request("mover.web", 20700)));

        var moved = Assert.IsType<Allocation.Granted>(await lease.AcquireAsync(Request("mover.web", 20701)));
        var other = await cluster.Lease(Udp("taker.web")).AcquireAsync(Request("taker.web", 20700));

        Assert.Equal(20700, first.Port);
        Assert.Equal(20701, moved.Port);
        Assert.Equal(new Allocation.Granted(20700, true), other);
    }

    [Fact]
    public async Task close_marks_the_lease_offline_and_keeps_its_port()
    {
        var lease = cluster.Lease(Tcp("closer.ssh"));
        var granted = Assert.IsType<Allocation.Granted>(await lease.AcquireAsync(Request("closer.ssh")));

        await lease.CloseAsync("");
        var info = await lease.GetAsync();

        Assert.NotNull(info);
        Assert.False(info.Online);
        Assert.Equal(granted.Port, info.Port);
        Assert.Equal(granted.Port, Assert.IsType<Allocation.Granted>(await lease.AcquireAsync(Request("closer.ssh"))).Port);
    }

    [Fact]
    public async Task late_close_of_an_earlier_frpc_session_leaves_the_reconnected_proxy_online()
    {
        var lease = cluster.Lease(Tcp("flappy.ssh"));
        await lease.AcquireAsync(new LeaseRequest("flappy.ssh", RunId: "run-1"));
        await lease.AcquireAsync(new LeaseRequest("flappy.ssh", RunId: "run-2"));

        await lease.CloseAsync("run-1");
        var afterLate = await lease.GetAsync();
        await lease.CloseAsync("run-2");
        var afterOwn = await lease.GetAsync();

        Assert.True(afterLate?.Online);
        Assert.False(afterOwn?.Online);
    }

    [Fact]
    public async Task released_port_goes_to_the_next_key_that_asks_for_it_and_the_old_key_starts_anew()
    {
        var first = Assert.IsType<Allocation.Granted>(await cluster.Lease(Udp("leaver.vpn")).AcquireAsync(Request("leaver.vpn", 20900)));

        var released = await cluster.Lease(Udp("leaver.vpn")).ReleaseAsync();
        var taker = await cluster.Lease(Udp("taker.vpn")).AcquireAsync(Request("taker.vpn", 20900));
        var again = await cluster.Lease(Udp("leaver.vpn")).AcquireAsync(Request("leaver.vpn"));

        Assert.Equal(first.Port, released?.Port);
        Assert.Equal(new Allocation.Granted(20900, true), taker);
        Assert.NotEqual(20900, Assert.IsType<Allocation.Granted>(again).Port);
        Assert.Null(await cluster.Lease(Udp("nobody.vpn")).ReleaseAsync());
    }

    [Fact]
    public async Task proxy_back_after_a_close_is_stored_online_once_so_that_no_expiry_takes_its_port()
    {
        var lease = cluster.Lease(Tcp("returner.ssh"));
        await lease.AcquireAsync(Request("returner.ssh"));
        await lease.CloseAsync("");
        var afterClose = cluster.Storage.Writes(PortKeeper.Grains.StorageNames.UserState);

        await lease.AcquireAsync(Request("returner.ssh"));
        var afterReturn = cluster.Storage.Writes(PortKeeper.Grains.StorageNames.UserState);
        await lease.AcquireAsync(Request("returner.ssh"));
        var afterKnown = cluster.Storage.Writes(PortKeeper.Grains.StorageNames.UserState);

        Assert.True(afterReturn > afterClose);
        Assert.Equal(afterReturn, afterKnown);
        Assert.True((await lease.GetAsync())?.Online);
        Assert.Null(await lease.ExpireAsync(TimeSpan.Zero));
    }

    [Fact]
    public async Task one_user_with_three_hundred_proxies_connecting_at_once_gets_three_hundred_ports_sharing_writes()
    {
        var names = Enumerable.Range(0, 300).Select(i => $"many.p{i}").ToList();
        var before = cluster.Storage.Writes(StorageNames.UserState);

        var first = await Task.WhenAll(names.Select(n => cluster.Lease(Tcp(n)).AcquireAsync(Request(n))));
        var writes = cluster.Storage.Writes(StorageNames.UserState) - before;
        var again = await Task.WhenAll(names.Select(n => cluster.Lease(Tcp(n)).AcquireAsync(Request(n))));
        var listed = await cluster.Grains.User(GrainKeys.DefaultPool, "many").ListAsync();

        var ports = first.Select(o => Assert.IsType<Allocation.Granted>(o).Port).ToList();
        Assert.Equal(300, ports.Distinct().Count());
        Assert.Equal(ports, again.Select(o => Assert.IsType<Allocation.Granted>(o).Port));
        Assert.All(again, o => Assert.False(((Allocation.Granted)o).IsNew));
        Assert.InRange(writes, 1, 299);
        Assert.Equal(300, listed.Length);
        Assert.All(listed, l => Assert.Equal("many", l.User));
    }

    [Fact]
    public async Task proxies_of_two_users_that_frpc_names_alike_hold_two_ports()
    {
        var dotted = await cluster.Lease(LeaseKey.ForProxy(Protocol.Udp, "a.b", "a.b.c")).AcquireAsync(Request("a.b.c"));
        var plain = await cluster.Lease(LeaseKey.ForProxy(Protocol.Udp, "a", "a.b.c")).AcquireAsync(Request("a.b.c"));

        Assert.NotEqual(Assert.IsType<Allocation.Granted>(dotted).Port, Assert.IsType<Allocation.Granted>(plain).Port);
    }

    [Fact]
    public async Task members_of_one_group_from_two_users_share_its_port_and_none_moves_it()
    {
        var group = cluster.Lease(LeaseKey.ForGroup(Protocol.Tcp, "api"));

        var first = Assert.IsType<Allocation.Granted>(await group.AcquireAsync(new LeaseRequest("alice.api")));
        var second = await group.AcquireAsync(new LeaseRequest("bob.api"));
        var naming = await group.AcquireAsync(new LeaseRequest("carol.api", first.Port));
        var mover = await group.AcquireAsync(new LeaseRequest("dave.api", first.Port == 20998 ? 20997 : 20998));
        var viaUser = await cluster.Grains.User(GrainKeys.DefaultPool, "erin")
            .AcquireAsync(new ProxyRequest(Protocol.Tcp, "erin.api", null, "", "api"));

        Assert.True(first.IsNew);
        Assert.Equal(new Allocation.Granted(first.Port, false), second);
        Assert.Equal(new Allocation.Granted(first.Port, false), naming);
        Assert.Equal(new Allocation.GroupHolds("api", first.Port), mover);
        Assert.Equal(new Allocation.Granted(first.Port, false), viaUser);
        Assert.Equal(first.Port, (await group.GetAsync())?.Port);
        Assert.Null(await cluster.Grains.User(GrainKeys.DefaultPool, "erin").GetAsync(Protocol.Tcp, "erin.api"));
    }
}
