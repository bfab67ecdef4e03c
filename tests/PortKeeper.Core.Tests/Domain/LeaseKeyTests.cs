using PortKeeper.Contracts;
using PortKeeper.Domain;

namespace PortKeeper.Core.Tests.Domain;

public sealed class LeaseKeyTests
{
    [Theory]
    [InlineData(Protocol.Tcp, "laptop.ssh", false, "tcp/proxy/laptop.ssh")]
    [InlineData(Protocol.Udp, "dns", true, "udp/group/dns")]
    [InlineData(Protocol.Udp, "wg", false, "udp/proxy/wg")]
    [InlineData(Protocol.Tcp, "web", true, "tcp/group/web")]
    [InlineData(Protocol.Tcp, "user.a/b", false, "tcp/proxy/user.a/b")]
    public void key_text_reads_back_as_the_same_key(Protocol protocol, string name, bool isGroup, string text)
    {
        var key = new LeaseKey(protocol, name, isGroup);

        Assert.Equal(text, key.ToString());
        Assert.Equal(key, LeaseKey.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("tcp")]
    [InlineData("tcp/proxy")]
    [InlineData("tcp/proxy/")]
    [InlineData("http/proxy/web")]
    [InlineData("tcp/member/web")]
    [InlineData("TCP/proxy/web")]
    [InlineData("/proxy/web")]
    public void text_that_is_not_a_key_parses_to_null(string text) =>
        Assert.Null(LeaseKey.Parse(text));

    [Theory]
    [InlineData("tcp", "laptop.ssh", null, "tcp/proxy/laptop.ssh")]
    [InlineData("tcp", "laptop.ssh", "", "tcp/proxy/laptop.ssh")]
    [InlineData("tcp", "web-1", "web", "tcp/group/web")]
    [InlineData("udp", "dns-1", "dns", "udp/group/dns")]
    [InlineData("udp", "wg", null, "udp/proxy/wg")]
    public void tcp_and_udp_proxies_are_keyed_by_group_else_by_name(string type, string name, string? group, string expected) =>
        Assert.Equal(expected, LeaseKeys.For(type, name, group)?.ToString());

    [Theory]
    [InlineData("http")]
    [InlineData("https")]
    [InlineData("tcpmux")]
    [InlineData("stcp")]
    [InlineData("sudp")]
    [InlineData("xtcp")]
    [InlineData("TCP")]
    [InlineData("")]
    public void proxy_types_that_take_no_port_have_no_key(string type)
    {
        Assert.Null(LeaseKeys.For(type, "web", null));
        Assert.Null(LeaseKeys.For(type, "web", "group"));
        Assert.Null(LeaseKeys.ProtocolOf(type));
    }

    [Theory]
    [InlineData("tcp", Protocol.Tcp)]
    [InlineData("udp", Protocol.Udp)]
    public void tcp_and_udp_have_their_own_port_space(string type, Protocol expected) =>
        Assert.Equal(expected, LeaseKeys.ProtocolOf(type));
}
