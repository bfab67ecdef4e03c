using System.Collections.Immutable;
using PortKeeper.Contracts;
using PortKeeper.Domain;

namespace PortKeeper.Core.Tests.Domain;

public sealed class LimitsTests
{
    private static readonly ProxyId Ssh = new(Protocol.Tcp, "ann.ssh");
    private static readonly ProxyId Web = new(Protocol.Tcp, "ann.web");
    private static readonly ProxyId Dns = new(Protocol.Udp, "ann.dns");

    private static UserState Holding(UserLimit? limit, params ProxyId[] proxies) =>
        new(proxies.ToImmutableDictionary(p => p, p => new LeaseState(6000, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, true, p.Name))) { Limit = limit };

    public static TheoryData<UserState, ProxyId, int?, int, string?, Allocation?> Requests => new()
    {
        // No limit at all.
        { Holding(null, Ssh, Web), Dns, null, 0, null, null },
        // The default limit counts both protocols, and refuses only a proxy without a port.
        { Holding(null, Ssh, Web), Dns, null, 2, null, new Allocation.LimitReached(2) },
        { Holding(null, Ssh, Web), Web, 6001, 2, null, null },
        { Holding(null, Ssh), Web, null, 2, null, null },
        // The user's own limit wins over the default, both ways; 0 is no limit.
        { Holding(new UserLimit(3, null), Ssh, Web), Dns, null, 2, null, null },
        { Holding(new UserLimit(1, null), Ssh), Web, null, 5, null, new Allocation.LimitReached(1) },
        { Holding(new UserLimit(0, null), Ssh, Web), Dns, null, 2, null, null },
        { Holding(new UserLimit(null, "6000-6009"), Ssh, Web), Dns, null, 2, "6000-6009", new Allocation.LimitReached(2) },
        // A lowered limit leaves every held port with its proxy.
        { Holding(new UserLimit(1, null), Ssh, Web), Ssh, null, 0, null, null },
        // The user's own ports refuse a requested port outside them, whoever asks.
        { Holding(null), Ssh, 7000, 0, "6000-6009", new Allocation.OutsideUserPorts(7000, "6000-6009") },
        { Holding(null, Ssh), Ssh, 7000, 0, "6000-6009", new Allocation.OutsideUserPorts(7000, "6000-6009") },
        { Holding(null), Ssh, 6009, 0, "6000-6009", null },
        { Holding(null), Ssh, null, 0, "6000-6009", null },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void a_new_port_is_refused_past_the_users_limit_or_outside_its_ports(UserState user, ProxyId proxy, int? requested, int defaultMax, string? ports, Allocation? expected) =>
        Assert.Equal(expected, Limits.Refusal(user, proxy, requested, defaultMax, ports is null ? null : Ports.Range(ports)));

    [Theory]
    [InlineData(5, null, null)]
    [InlineData(0, "6000-6009", null)]
    [InlineData(null, "6000,6005-6006", null)]
    [InlineData(-1, null, "maxPorts must be 0 (no limit) or more, not -1")]
    [InlineData(null, "60a0", "ports: '60a0' is not a port")]
    [InlineData(null, "", "ports: the port list is empty")]
    [InlineData(null, "6005-7005", "ports 7000-7005 are outside the pool's ports 6000-6999")]
    public void a_limit_is_checked_against_the_pools_ports(int? max, string? ports, string? problem)
    {
        var checkedLimit = Limits.Check(new UserLimit(max, ports), Ports.Range("6000-6999"));

        if (problem is null)
        {
            Assert.IsType<Parsed<PortRange?>.Ok>(checkedLimit);
        }
        else
        {
            Assert.StartsWith(problem, Assert.IsType<Parsed<PortRange?>.Error>(checkedLimit).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void the_limits_of_a_user_say_which_apply_and_how_many_ports_it_holds() =>
        Assert.Equal(new UserLimits(4, null, null, 2), Limits.Of(Holding(null, Ssh, Web), 4));
}
