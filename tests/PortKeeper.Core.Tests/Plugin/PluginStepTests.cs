using PortKeeper.Contracts;
using PortKeeper.Gateway.Plugin;
using PortKeeper.Tests;

namespace PortKeeper.Core.Tests.Plugin;

public sealed class PluginStepTests
{
    [Theory]
    [MemberData(nameof(ProxyTypes.PortlessTable), MemberType = typeof(ProxyTypes))]
    public void proxy_type_without_a_port_is_answered_unchanged(string type)
    {
        Assert.Equal(new PluginStep.Answer(new PluginOutcome.Unchanged()), PluginStep.For(Proxy(type, "bob"), allowEmptyUser: false));
        Assert.Equal(new PluginStep.Answer(new PluginOutcome.Unchanged()), PluginStep.For(Proxy(type, ""), allowEmptyUser: false));
    }

    [Theory]
    [InlineData("tcp", null, 6100, "tcp/proxy/bob.ssh")]
    [InlineData("udp", null, null, "udp/proxy/bob.ssh")]
    [InlineData("tcp", "api", null, "tcp/group/api")]
    [InlineData("udp", "dns", 53, "udp/group/dns")]
    public void tcp_or_udp_proxy_asks_its_user_for_the_lease_of_its_key(string type, string? group, int? port, string key)
    {
        var proxy = Proxy(type, "bob", group, port);

        var acquire = Assert.IsType<PluginStep.Acquire>(PluginStep.For(proxy, allowEmptyUser: false));

        Assert.Equal(key, acquire.Key.ToString());
        Assert.Equal("bob", acquire.User);
        Assert.Equal(new ProxyRequest(Protocols.Parse(type)!.Value, "bob.ssh", port, "", group), acquire.Proxy);
        Assert.Same(proxy, acquire.Request);
    }

    [Fact]
    public void tcp_proxy_without_user_is_refused() =>
        Assert.Equal(new PluginStep.Answer(new PluginOutcome.NoUser("bob.ssh")), PluginStep.For(Proxy("tcp", ""), allowEmptyUser: false));

    [Fact]
    public void tcp_proxy_without_user_acquires_when_allowed() =>
        Assert.IsType<PluginStep.Acquire>(PluginStep.For(Proxy("udp", ""), allowEmptyUser: true));

    [Fact]
    public void close_proxy_goes_to_the_user_of_the_proxy() =>
        Assert.Equal(
            new PluginStep.Close("bob.ssh", "bob", "run-1"),
            PluginStep.For(new PluginRequest.CloseProxy("bob.ssh", "run-1", "bob"), allowEmptyUser: false));

    [Fact]
    public void passthrough_is_answered_unchanged() =>
        Assert.Equal(new PluginStep.Answer(new PluginOutcome.Unchanged()), PluginStep.For(new PluginRequest.Passthrough(PluginOp.Login), allowEmptyUser: false));

    [Theory]
    [InlineData("bob", "run-1", false, true)]
    [InlineData("", "run-1", false, false)]
    [InlineData("", "run-1", true, true)]
    [InlineData("bob", "", false, false)]
    public void ping_with_a_session_reaches_its_user_and_is_answered_unchanged(string user, string runId, bool allowEmptyUser, bool heard) =>
        Assert.Equal(
            heard ? new PluginStep.Heard(user, runId) : new PluginStep.Answer(new PluginOutcome.Unchanged()),
            PluginStep.For(new PluginRequest.Ping(user, runId), allowEmptyUser));

    [Fact]
    public void invalid_is_answered_invalid() =>
        Assert.Equal(new PluginStep.Answer(new PluginOutcome.Invalid("bad")), PluginStep.For(new PluginRequest.Invalid("bad"), allowEmptyUser: false));

    private static PluginRequest.NewProxy Proxy(string type, string user, string? group = null, int? port = null) =>
        new("bob.ssh", type, group, port, user, []);
}
