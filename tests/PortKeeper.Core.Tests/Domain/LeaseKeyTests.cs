using PortKeeper.Contracts;
using PortKeeper.Domain;
using PortKeeper.Tests;

namespace PortKeeper.Core.Tests.Domain;

public sealed class LeaseKeyTests
{
    [Theory]
    [InlineData(Protocol.Tcp, "laptop.ssh", false, "tcp/proxy/laptop.ssh")]
    [InlineData(Protocol.Udp, "dns", true, "udp/group/dns")]
    [InlineData(Protocol.Udp, "wg", false, "udp/proxy/wg")]
    [InlineData(Protocol.Tcp, "web", true, "tcp/group/web")]
    [InlineData(Protocol.Tcp, "user.a/b", false, "tcp/proxy/user.a/b")]
    public void key_text_names_protocol_kind_and_name(Protocol protocol, string name, bool isGroup, string text) =>
        Assert.Equal(text, new LeaseKey(protocol, name, isGroup).ToString());

    [Fact]
    public void proxies_of_two_users_with_one_name_are_two_keys() =>
        Assert.NotEqual(LeaseKey.ForProxy(Protocol.Tcp, "a.b", "a.b.c"), LeaseKey.ForProxy(Protocol.Tcp, "a", "a.b.c"));

    [Theory]
    [InlineData("tcp", "laptop", "laptop.ssh", null, "tcp/proxy/laptop.ssh")]
    [InlineData("tcp", "laptop", "laptop.ssh", "", "tcp/proxy/laptop.ssh")]
    [InlineData("tcp", "a", "a.web-1", "web", "tcp/group/web")]
    [InlineData("udp", "b", "b.dns-1", "dns", "udp/group/dns")]
    [InlineData("udp", "", "wg", null, "udp/proxy/wg")]
    public void tcp_and_udp_proxies_are_keyed_by_group_else_by_user_and_name(string type, string user, string name, string? group, string expected)
    {
        var key = LeaseKeys.For(type, user, name, group);

        Assert.Equal(expected, key?.ToString());
        Assert.Equal(string.IsNullOrEmpty(group) ? user : "", key?.User);
    }

    [Theory]
    [MemberData(nameof(ProxyTypes.PortlessTable), MemberType = typeof(ProxyTypes))]
    [InlineData("")]
    public void proxy_types_that_take_no_port_have_no_key(string type)
    {
        Assert.Null(LeaseKeys.For(type, "u", "u.web", null));
        Assert.Null(LeaseKeys.For(type, "u", "u.web", "group"));
        Assert.Null(Protocols.Parse(type));
    }

    [Theory]
    [InlineData("tcp", Protocol.Tcp)]
    [InlineData("udp", Protocol.Udp)]
    public void tcp_and_udp_have_their_own_port_space(string type, Protocol expected)
    {
        Assert.Equal(expected, Protocols.Parse(type));
        Assert.Equal(type, expected.Name());
    }

    [Theory]
    [InlineData("laptop.ssh", "laptop")]
    [InlineData("a.b.c", "a")]
    [InlineData("nas.web ui", "nas")]
    [InlineData("ssh", "")]
    [InlineData(".ssh", "")]
    public void the_user_of_a_proxy_name_is_its_prefix_as_frpc_writes_it(string proxyName, string user) =>
        Assert.Equal(user, LeaseKeys.UserOf(proxyName));

    [Theory]
    [InlineData("default", "alice", "default/alice")]
    [InlineData("eu", "a/b", "eu/a/b")]
    [InlineData("eu", "", "eu/")]
    public void user_grain_keys_read_back_as_pool_and_user(string pool, string user, string key)
    {
        Assert.Equal(key, GrainKeys.User(pool, user));
        Assert.Equal((pool, user), GrainKeys.ParseUser(key));
    }

    [Theory]
    [InlineData("default", Protocol.Tcp, "web", "default/tcp/web")]
    [InlineData("eu", Protocol.Udp, "dns/1", "eu/udp/dns/1")]
    public void group_grain_keys_read_back_as_pool_protocol_and_group(string pool, Protocol protocol, string group, string key)
    {
        Assert.Equal(key, GrainKeys.Group(pool, protocol, group));
        Assert.Equal((pool, protocol, group), GrainKeys.ParseGroup(key));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/alice")]
    [InlineData("alice")]
    public void text_that_is_not_a_user_key_parses_to_null(string key) => Assert.Null(GrainKeys.ParseUser(key));

    [Theory]
    [InlineData("default/http/web")]
    [InlineData("default/tcp/")]
    [InlineData("/tcp/web")]
    [InlineData("default/tcp")]
    public void text_that_is_not_a_group_key_parses_to_null(string key) => Assert.Null(GrainKeys.ParseGroup(key));
}
