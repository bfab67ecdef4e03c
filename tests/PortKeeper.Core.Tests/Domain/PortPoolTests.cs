using PortKeeper.Contracts;
using PortKeeper.Domain;

namespace PortKeeper.Core.Tests.Domain;

public sealed class PortPoolTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly PortRange Range = Ports.Range("6000-6009");
    private static readonly LeaseKey Ssh = LeaseKey.ForProxy(Protocol.Tcp, "user", "laptop.ssh");
    private static readonly LeaseKey Web = LeaseKey.ForGroup(Protocol.Tcp, "web");
    private static readonly LeaseKey Dns = LeaseKey.ForGroup(Protocol.Udp, "dns");

    // A pool whose committed ports (held by leases, no grant pending) are the given ones.
    private static PoolState Holding(string tcp, string udp = "") =>
        PoolState.Empty.WithTaken(Protocol.Tcp, Ports.Set(tcp)).WithTaken(Protocol.Udp, Ports.Set(udp));

    private static PortPool.Step Allocate(PoolState pool, LeaseKey key, int? requested = null, int? replacing = null, PortRange? range = null) =>
        PortPool.Allocate(pool, range ?? Range, key, requested, replacing, Now);

    [Theory]
    [InlineData("6000-6010", "6001,6002", "6001", 0)]
    [InlineData("6000-6010", "5999,6011", "", 2)]
    [InlineData("6000-6010", "1,65535", "6000,9000", 3)]
    [InlineData("6000-6010", "", "", 0)]
    public void taken_outside_counts_both_protocols_beyond_the_range(string range, string tcp, string udp, int outside) =>
        Assert.Equal(outside, Holding(tcp, udp).TakenOutside(Ports.Range(range)));

    public static TheoryData<string, int?, int?, Allocation> RequestedPorts => new()
    {
        { "6003", 6005, null, new Allocation.Granted(6005, IsNew: true) },
        { "6003", 6000, null, new Allocation.Granted(6000, IsNew: true) },
        { "6003", 6009, null, new Allocation.Granted(6009, IsNew: true) },
        { "6003", 6003, null, new Allocation.HeldByAnother(6003) },
        { "6003,6009", 6009, 6003, new Allocation.HeldByAnother(6009) },
        { "6003", 6003, 6003, new Allocation.Granted(6003, IsNew: false) },
        { "6003", 6005, 6003, new Allocation.Granted(6005, IsNew: true) },
        { "6003", 5999, null, new Allocation.NotInRange(5999, "6000-6009") },
        { "6003", 6010, null, new Allocation.NotInRange(6010, "6000-6009") },
        { "6003", 0, null, new Allocation.NotInRange(0, "6000-6009") },
        { "6003", 65536, null, new Allocation.NotInRange(65536, "6000-6009") },
        { "6000-6009", 6010, null, new Allocation.NotInRange(6010, "6000-6009") },
        { "6000-6009", 6005, null, new Allocation.HeldByAnother(6005) },
    };

    [Theory]
    [MemberData(nameof(RequestedPorts))]
    public void requested_port_is_granted_only_when_free_and_in_range(string taken, int? requested, int? replacing, Allocation expected)
    {
        var pool = Holding(taken);

        var step = Allocate(pool, Ssh, requested, replacing);

        Assert.Equal(expected, step.Outcome);
        if (expected is Allocation.Granted { IsNew: true } granted)
        {
            Assert.True(step.State.Tcp.Has(granted.Port));
            Assert.Equal(pool.Tcp.Count + 1, step.State.Tcp.Count);
            Assert.Equal(new PendingGrant(Ssh, granted.Port, replacing, Now), step.State.Pending[Ssh]);
        }
        else
        {
            Assert.Same(pool, step.State);
        }
    }

    [Theory]
    [InlineData("6000-6002,7000", 6500, "6000-6002,7000")]
    [InlineData("1,65535", 2, "1,65535")]
    [InlineData("", 6000, "")]
    public void requested_port_outside_the_range_names_the_range_in_frps_syntax(string range, int requested, string text) =>
        Assert.Equal(new Allocation.NotInRange(requested, text), Allocate(PoolState.Empty, Ssh, requested, range: Ports.Range(range)).Outcome);

    [Theory]
    [InlineData("6000-6009", "", 6000)]
    [InlineData("6000-6009", "6000", 6001)]
    [InlineData("6000-6009", "6000-6008", 6009)]
    [InlineData("6000-6009", "6000-6004,6006-6009", 6005)]
    [InlineData("6000-6002,7000-7002", "6000-6002", 7000)]
    [InlineData("6000-6002,7000-7002", "6000,6002,7000-7002", 6001)]
    public void next_free_port_is_searched_from_the_keys_start(string range, string taken, int expected)
    {
        // laptop.ssh starts at position 0 of a 10- or 6-port range.
        var step = Allocate(Holding(taken), Ssh, range: Ports.Range(range));

        Assert.Equal(new Allocation.Granted(expected, IsNew: true), step.Outcome);
        Assert.True(step.State.Tcp.Has(expected));
        Assert.Equal(new PendingGrant(Ssh, expected, null, Now), step.State.Pending[Ssh]);
    }

    [Fact]
    public void keys_start_where_their_hash_points_in_an_empty_pool()
    {
        foreach (var key in new[] { Ssh, Web, Dns, LeaseKey.ForProxy(Protocol.Udp, "user", "a") })
        {
            var expected = Range.PortAt(PortPool.StartIndex(key) % Range.Count);

            Assert.Equal(new Allocation.Granted(expected, IsNew: true), Allocate(PoolState.Empty, key).Outcome);
        }
    }

    [Theory]
    [InlineData("6000-6002")]
    [InlineData("6000,7000,65535")]
    [InlineData("1-2,65535")]
    public void three_keys_exhaust_a_three_port_range_and_the_fourth_finds_it_full(string text)
    {
        var range = Ports.Range(text);
        var pool = PoolState.Empty;
        var granted = new List<int>();
        foreach (var name in new[] { "a", "b", "c" })
        {
            var key = LeaseKey.ForProxy(Protocol.Tcp, "user", name);
            var step = PortPool.Allocate(pool, range, key, null, null, Now);
            var port = Assert.IsType<Allocation.Granted>(step.Outcome).Port;
            pool = PortPool.Commit(step.State, key, port);
            granted.Add(port);
        }

        var full = PortPool.Allocate(pool, range, LeaseKey.ForProxy(Protocol.Tcp, "user", "d"), null, null, Now);

        Assert.Equal(Ports.List(text), granted.Order());
        Assert.Equal(new Allocation.PoolFull(text), full.Outcome);
        Assert.Same(pool, full.State);
        Assert.Empty(pool.Pending);
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("65535", 65535)]
    public void a_range_of_one_edge_port_grants_it_once(string text, int port)
    {
        var range = Ports.Range(text);

        var first = PortPool.Allocate(PoolState.Empty, range, Ssh, null, null, Now);
        var second = PortPool.Allocate(first.State, range, Web, null, null, Now);

        Assert.Equal(new Allocation.Granted(port, IsNew: true), first.Outcome);
        Assert.Equal(new Allocation.PoolFull(text), second.Outcome);
    }

    [Fact]
    public void full_tcp_space_leaves_the_udp_space_free()
    {
        var pool = Holding("6000-6009");

        var tcp = Allocate(pool, Web);
        var udp = Allocate(pool, Dns);

        Assert.Equal(new Allocation.PoolFull("6000-6009"), tcp.Outcome);
        Assert.IsType<Allocation.Granted>(udp.Outcome);
    }

    [Fact]
    public void tcp_and_udp_keys_can_hold_the_same_number()
    {
        var tcp = LeaseKey.ForProxy(Protocol.Tcp, "user", "wg");
        var udp = LeaseKey.ForProxy(Protocol.Udp, "user", "wg");

        var first = Allocate(PoolState.Empty, tcp, requested: 6005);
        var second = Allocate(first.State, udp, requested: 6005);

        Assert.Equal(new Allocation.Granted(6005, IsNew: true), second.Outcome);
        Assert.True(second.State.Tcp.Has(6005));
        Assert.True(second.State.Udp.Has(6005));
        Assert.Equal(1, second.State.Tcp.Count);
        Assert.Equal(1, second.State.Udp.Count);
        Assert.Equal(2, second.State.Pending.Count);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(6004, null)]
    [InlineData(6004, 6004)]
    [InlineData(null, 6000)]
    public void repeated_allocate_of_an_unsettled_grant_gives_the_same_port_and_takes_no_other(int? requested, int? again)
    {
        var first = Allocate(Holding("6002"), Ssh, requested);
        var port = Assert.IsType<Allocation.Granted>(first.Outcome).Port;

        var second = Allocate(first.State, Ssh, again);

        Assert.Equal(new Allocation.Granted(port, IsNew: false), second.Outcome);
        Assert.Same(first.State, second.State);
        Assert.Equal(2, second.State.Tcp.Count);
    }

    [Fact]
    public void asking_for_another_port_while_a_grant_is_unsettled_gives_up_the_grant()
    {
        var first = Allocate(PoolState.Empty, Ssh, requested: 6004, replacing: null);

        var second = Allocate(first.State, Ssh, requested: 6007);

        Assert.Equal(new Allocation.Granted(6007, IsNew: true), second.Outcome);
        Assert.Equal(Ports.Set("6007"), second.State.Tcp);
        Assert.Equal(6007, second.State.Pending[Ssh].Port);
    }

    [Theory]
    [InlineData("6000-6009", "7000-7009")]
    [InlineData("6000-6009", "6001-6009")]
    public void unsettled_grant_whose_port_left_the_range_is_abandoned_for_one_in_range(string before, string after)
    {
        var first = Allocate(PoolState.Empty, Ssh, range: Ports.Range(before));
        var old = Assert.IsType<Allocation.Granted>(first.Outcome).Port;

        var second = Allocate(first.State, Ssh, range: Ports.Range(after));

        var port = Assert.IsType<Allocation.Granted>(second.Outcome).Port;
        Assert.True(second.Outcome is Allocation.Granted { IsNew: true });
        Assert.True(Ports.Range(after).Contains(port));
        Assert.False(second.State.Tcp.Has(old));
        Assert.Equal(Ports.Set($"{port}"), second.State.Tcp);
        Assert.Equal(new PendingGrant(Ssh, port, null, Now), second.State.Pending[Ssh]);
    }

    [Fact]
    public void a_lease_that_took_its_grant_without_a_commit_is_committed_by_its_next_request()
    {
        // The lease held 6001, was granted 6005 and stored it, but the commit was lost; then allow ports moved.
        var granted = Allocate(Holding("6001"), Ssh, requested: 6005, replacing: 6001).State;

        var next = Allocate(granted, Ssh, requested: null, replacing: 6005, range: Ports.Range("7000-7009"));

        var port = Assert.IsType<Allocation.Granted>(next.Outcome).Port;
        Assert.Equal(Ports.Set($"6005,{port}"), next.State.Tcp);
        Assert.Equal(new PendingGrant(Ssh, port, 6005, Now), next.State.Pending[Ssh]);
        Assert.Equal(Ports.Set($"{port}"), PortPool.Commit(next.State, Ssh, port).Tcp);
    }

    [Theory]
    [InlineData(null, "6005")]
    [InlineData(6001, "6005")]
    [InlineData(6005, "6005")]
    public void commit_drops_the_grant_and_releases_the_port_it_replaced(int? replacing, string expected)
    {
        var granted = Allocate(Holding(replacing is int old ? $"{old}" : ""), Ssh, requested: 6005, replacing: replacing).State;

        var committed = PortPool.Commit(granted, Ssh, 6005);

        Assert.Empty(committed.Pending);
        Assert.Equal(Ports.Set(expected), committed.Tcp);
    }

    [Fact]
    public void commit_of_another_port_or_without_a_grant_changes_nothing()
    {
        var granted = Allocate(Holding("6001"), Ssh, requested: 6005, replacing: 6001).State;
        var committed = PortPool.Commit(granted, Ssh, 6005);

        Assert.Same(granted, PortPool.Commit(granted, Ssh, 6006));
        Assert.Same(granted, PortPool.Commit(granted, Web, 6005));
        Assert.Same(committed, PortPool.Commit(committed, Ssh, 6005));
    }

    [Theory]
    [InlineData(6005, "6005")]
    [InlineData(6001, "6001")]
    [InlineData(null, "6001")]
    [InlineData(6009, "6001")]
    public void settle_commits_when_the_lease_holds_the_grant_and_releases_it_otherwise(int? leasePort, string expected)
    {
        var granted = Allocate(Holding("6001"), Ssh, requested: 6005, replacing: 6001).State;

        var settled = SettleKey(granted, Ssh, leasePort);

        Assert.Empty(settled.Pending);
        Assert.Equal(Ports.Set(expected), settled.Tcp);
    }

    [Fact]
    public void settle_of_a_grant_renewed_since_repair_looked_changes_nothing()
    {
        var granted = Allocate(PoolState.Empty, Ssh, requested: 6005).State;
        var seen = granted.Pending[Ssh];
        var retried = PortPool.Allocate(granted, Ports.Range("6000-6010"), Ssh, null, null, Now.AddMinutes(1)).State;

        var settled = PortPool.Settle(retried, seen, leasePort: null);

        Assert.Same(retried, settled);
        Assert.Equal(Ports.Set("6005"), settled.Tcp);
    }

    [Fact]
    public void settle_of_a_key_without_a_grant_changes_nothing()
    {
        var pool = Allocate(Holding("6001"), Ssh).State;

        Assert.Same(pool, SettleKey(pool, Web, 6001));
        Assert.Same(pool, SettleKey(pool, Dns, null));
    }

    [Theory]
    [InlineData(6001, "6002")]
    [InlineData(6002, "6001")]
    public void release_frees_the_port(int port, string expected)
    {
        var released = PortPool.Release(Holding("6001-6002", "6001"), Ssh, port);

        Assert.Equal(Ports.Set(expected), released.Tcp);
        Assert.Equal(Ports.Set("6001"), released.Udp);
    }

    [Theory]
    [InlineData(6005)]
    [InlineData(5999)]
    [InlineData(65535)]
    public void release_of_a_port_not_taken_returns_the_same_pool(int port)
    {
        var pool = Allocate(Holding("6001", "6005"), Web).State;

        Assert.Same(pool, PortPool.Release(pool, Ssh, port));
    }

    [Fact]
    public void release_of_the_keys_unsettled_grant_gives_it_up()
    {
        var granted = Allocate(PoolState.Empty, Ssh, requested: 6005).State;

        var released = PortPool.Release(granted, Ssh, 6005);

        Assert.Empty(released.Pending);
        Assert.Equal(PortSet.Empty, released.Tcp);
    }

    [Fact]
    public void release_of_a_port_taken_without_a_commit_leaves_the_port_it_replaced_to_repair()
    {
        // The lease held 6001, was granted 6005 and stored it, but the commit was lost; then 6005 is released.
        var granted = Allocate(Holding("6001"), Ssh, requested: 6005, replacing: 6001).State;

        var released = PortPool.Release(granted, Ssh, 6005);

        Assert.Equal(Ports.Set("6001"), released.Tcp);
        Assert.Equal(new PendingGrant(Ssh, 6001, null, Now), released.Pending[Ssh]);
        Assert.Equal(PortSet.Empty, SettleKey(released, Ssh, null).Tcp);
        Assert.Equal(Ports.Set("6001"), SettleKey(released, Ssh, 6001).Tcp);
    }

    [Fact]
    public void release_of_the_port_a_grant_replaces_is_not_released_again_when_the_grant_commits()
    {
        // The lease holds 6001 and was granted 6005, but could not store it; then 6001 is released
        // and taken by another key before the first key asks again.
        var granted = Allocate(Holding("6001"), Ssh, requested: 6005, replacing: 6001).State;
        var released = PortPool.Release(granted, Ssh, 6001);
        var other = Allocate(released, Web, requested: 6001);
        var again = Allocate(PortPool.Commit(other.State, Web, 6001), Ssh);

        var committed = PortPool.Commit(again.State, Ssh, 6005);

        Assert.Equal(new Allocation.Granted(6001, IsNew: true), other.Outcome);
        Assert.Equal(new Allocation.Granted(6005, IsNew: false), again.Outcome);
        Assert.Equal(Ports.Set("6001,6005"), committed.Tcp);
        Assert.Empty(committed.Pending);
    }

    [Fact]
    public void stale_selects_the_grants_at_least_the_given_age()
    {
        var pool = PoolState.Empty;
        pool = PortPool.Allocate(pool, Range, Ssh, 6001, null, Now.AddSeconds(-60)).State;
        pool = PortPool.Allocate(pool, Range, Web, 6002, null, Now.AddSeconds(-30)).State;
        pool = PortPool.Allocate(pool, Range, Dns, 6003, null, Now.AddSeconds(-29)).State;

        var stale = PortPool.Stale(pool, Now, TimeSpan.FromSeconds(30));

        Assert.Equal([Ssh, Web], stale.Select(g => g.Key).OrderBy(k => k.Name));
        Assert.Empty(PortPool.Stale(pool, Now, TimeSpan.FromMinutes(2)));
        Assert.Equal(3, PortPool.Stale(pool, Now, TimeSpan.Zero).Count());
    }

    [Theory]
    [InlineData(Protocol.Tcp, "laptop.ssh", false, 1124843760)]
    [InlineData(Protocol.Udp, "dns", true, 826079516)]
    [InlineData(Protocol.Tcp, "a", false, 443560863)]
    [InlineData(Protocol.Udp, "a", false, 946643355)]
    public void start_index_is_a_fixed_non_negative_hash_of_the_key(Protocol protocol, string name, bool isGroup, int expected)
    {
        // Pinned: a per-process string hash would move every key's port after a restart.
        Assert.Equal(expected, PortPool.StartIndex(new LeaseKey(protocol, name, isGroup, "laptop")));
        Assert.Equal(expected, PortPool.StartIndex(new LeaseKey(protocol, name, isGroup)));
    }

    // Repair as the pool grain runs it: settle the key's grant as it stands now.
    private static PoolState SettleKey(PoolState pool, LeaseKey key, int? leasePort) =>
        pool.Pending.TryGetValue(key, out var grant) ? PortPool.Settle(pool, grant, leasePort) : pool;
}
