using PortKeeper.Contracts;
using PortKeeper.Domain;
using PortKeeper.Grains;

namespace PortKeeper.Integration.Tests.Grains;

/// <summary>What time does to leases, on the grains' fake clock: silent sessions and expiry.</summary>
public sealed class ClockTests(ClockCluster cluster) : IClassFixture<ClockCluster>
{
    private static readonly TimeSpan SessionTimeout = new SessionOptions().Timeout;

    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private static LeaseKey Tcp(string name) => LeaseKey.ForProxy(Protocol.Tcp, LeaseKeys.UserOf(name), name);

    private IUserGrain User(string name) => cluster.Grains.User(GrainKeys.DefaultPool, name);

    [Fact]
    public async Task proxy_whose_session_stopped_pinging_goes_offline_with_its_port_while_pinging_and_never_pinging_sessions_stay_online()
    {
        var lost = cluster.Lease(Tcp("lost.ssh"));
        var alive = cluster.Lease(Tcp("alive.ssh"));
        var quiet = cluster.Lease(Tcp("quiet.ssh"));
        var port = Assert.IsType<Allocation.Granted>(await lost.AcquireAsync(new LeaseRequest("lost.ssh", RunId: "dead"))).Port;
        await alive.AcquireAsync(new LeaseRequest("alive.ssh", RunId: "beating"));
        await quiet.AcquireAsync(new LeaseRequest("quiet.ssh", RunId: "no-heartbeat"));
        await User("lost").HeardAsync("dead");

        // Time passes a minute at a time, one session pinging every minute, until the silent one's
        // proxy is offline (each pause lets the sessions' timers run and set themselves again).
        var passed = TimeSpan.Zero;
        var gone = await Deadlines.UntilAsync(
            async () =>
            {
                await User("alive").HeardAsync("beating");
                cluster.Clock.Advance(Minute);
                passed += Minute;
                return await lost.GetAsync();
            },
            l => l?.Online == false, Deadlines.Quick, l => $"the silent session's proxy to go offline ({l})");

        Assert.InRange(passed, SessionTimeout, SessionTimeout + 2 * Minute);
        Assert.Equal(port, gone?.Port);
        Assert.True((await alive.GetAsync())?.Online, "the pinging session's proxy went offline");
        Assert.True((await quiet.GetAsync())?.Online, "a session never heard pinging was judged");
    }

    [Fact]
    public async Task grouped_proxy_of_a_silent_session_leaves_its_group()
    {
        var group = cluster.Lease(LeaseKey.ForGroup(Protocol.Tcp, "api"));
        Assert.IsType<Allocation.Granted>(await User("dana").AcquireAsync(new ProxyRequest(Protocol.Tcp, "dana.api", null, "gone", "api")));
        await User("dana").HeardAsync("gone");
        var before = await group.GetAsync();

        cluster.Clock.Advance(SessionTimeout + Minute);
        var after = await Deadlines.UntilAsync(group.GetAsync, g => g?.Online == false, Deadlines.Quick, g => $"the group of a silent session's only member to go offline ({g})");

        Assert.True(before?.Online);
        Assert.Equal(before?.Port, after?.Port);
    }

    [Fact]
    public async Task expiry_releases_only_the_proxy_that_closed_and_stayed_away()
    {
        var expiry = TimeSpan.FromHours(1);
        var gone = cluster.Lease(Tcp("stay.gone"));
        var back = cluster.Lease(Tcp("stay.back"));
        var online = cluster.Lease(Tcp("stay.online"));
        var ports = new List<int>();
        foreach (var (lease, name) in new[] { (gone, "stay.gone"), (back, "stay.back"), (online, "stay.online") })
        {
            ports.Add(Assert.IsType<Allocation.Granted>(await lease.AcquireAsync(new LeaseRequest(name))).Port);
        }
        await gone.CloseAsync("");
        await back.CloseAsync("");
        cluster.Clock.Advance(expiry / 2);
        var returned = await back.AcquireAsync(new LeaseRequest("stay.back"));

        cluster.Clock.Advance(expiry / 2);
        var early = await User("stay").ExpireAsync(expiry + Minute);
        var expired = await User("stay").ExpireAsync(expiry);

        Assert.Equal(new Allocation.Granted(ports[1], false), returned);
        Assert.Empty(early);
        Assert.Equal([("stay.gone", ports[0])], expired.Select(l => (l.LastProxyName, l.Port)));
        Assert.Null(await gone.GetAsync());
        Assert.Equal(ports[1], (await back.GetAsync())?.Port);
        Assert.Equal(ports[2], (await online.GetAsync())?.Port);
        Assert.Equal(new Allocation.Granted(ports[0], true), await cluster.Lease(Tcp("taker.ssh")).AcquireAsync(new LeaseRequest("taker.ssh", ports[0])));
    }
}
