using PortKeeper.Contracts;
using PortKeeper.Domain;

namespace PortKeeper.Core.Tests.Domain;

public sealed class UsersTests
{
    private static readonly DateTimeOffset Then = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = Then.AddHours(1);
    private static readonly ProxyId TcpSsh = new(Protocol.Tcp, "bob.ssh");
    private static readonly ProxyId UdpSsh = new(Protocol.Udp, "bob.ssh");
    private static readonly ProxyId TcpWeb = new(Protocol.Tcp, "bob.web");

    private static readonly UserState Bob = UserState.Empty
        .With(TcpSsh, Leases.Grant(6001, "bob.ssh", Then, "run-1"))
        .With(UdpSsh, Leases.Grant(6001, "bob.ssh", Then, "run-1"))
        .With(TcpWeb, Leases.Grant(6002, "bob.web", Then, "run-1"));

    [Theory]
    [InlineData("run-1")]
    [InlineData("")]
    public void close_takes_the_proxy_offline_in_both_spaces_and_leaves_the_others(string runId)
    {
        var closed = Users.Closed(Bob, "bob.ssh", Now, runId);

        Assert.False(closed.Lease(TcpSsh)!.Online);
        Assert.False(closed.Lease(UdpSsh)!.Online);
        Assert.Equal(Now, closed.Lease(TcpSsh)!.LastSeen);
        Assert.Same(Bob.Lease(TcpWeb), closed.Lease(TcpWeb));
        Assert.Equal(6001, closed.Lease(TcpSsh)!.Port);
    }

    [Theory]
    [InlineData("bob.ssh", "run-0")]
    [InlineData("bob.gone", "run-1")]
    public void late_close_or_close_of_an_unknown_proxy_changes_nothing(string proxyName, string runId) =>
        Assert.Same(Bob, Users.Closed(Bob, proxyName, Now, runId));

    [Fact]
    public void only_proxies_offline_for_the_expiry_expire()
    {
        var user = Users.Closed(Bob, "bob.ssh", Then, "run-1");

        Assert.Equal([TcpSsh, UdpSsh], Users.Expired(user, Now, TimeSpan.FromHours(1)).OrderBy(p => p.Protocol));
        Assert.Empty(Users.Expired(user, Now, TimeSpan.FromHours(2)));
        Assert.Empty(Users.Expired(Bob, Now, TimeSpan.Zero));
    }

    [Fact]
    public void without_a_proxy_it_does_not_hold_is_the_same_user() =>
        Assert.Same(Bob, Bob.Without(new ProxyId(Protocol.Udp, "bob.web")));

    public static TheoryData<int?, int?, string, LeaseDecision> GroupDecisions => new()
    {
        { null, null, "6000-6009", new LeaseDecision.NeedsPort(null, null) },
        { null, 6005, "6000-6009", new LeaseDecision.NeedsPort(6005, null) },
        { 6003, null, "6000-6009", new LeaseDecision.Known(Leases.Grant(6003, "a.api", Then)) },
        { 6003, 6003, "6000-6009", new LeaseDecision.Known(Leases.Grant(6003, "a.api", Then)) },
        // A member asking for another port does not move the group.
        { 6003, 6005, "6000-6009", new LeaseDecision.Pinned(6003) },
        { 6003, 7005, "6000-6009", new LeaseDecision.Pinned(6003) },
        // A group whose port left the range must move: a member may say where.
        { 6003, 7005, "7000-7009", new LeaseDecision.NeedsPort(7005, 6003) },
        { 6003, null, "7000-7009", new LeaseDecision.NeedsPort(null, 6003) },
    };

    [Theory]
    [MemberData(nameof(GroupDecisions))]
    public void a_group_answers_its_members_with_its_one_port(int? held, int? requested, string range, LeaseDecision expected)
    {
        var group = held is int port ? Leases.Grant(port, "a.api", Then) : null;

        Assert.Equal(expected, Groups.Decide(group, requested, Ports.Range(range)));
    }
}
