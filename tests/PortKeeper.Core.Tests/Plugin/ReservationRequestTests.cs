using PortKeeper.Contracts;
using PortKeeper.Gateway.Endpoints;

namespace PortKeeper.Core.Tests.Plugin;

public sealed class ReservationRequestTests
{
    [Theory]
    [InlineData("alice", "alice.nas", false, true, "tcp/proxy/alice.nas alice")]
    [InlineData(null, "alice.nas", false, true, "tcp/proxy/alice.nas alice")]
    [InlineData("bob", "alice.nas", false, true, "tcp/proxy/alice.nas bob")]
    [InlineData(null, null, true, true, "block")]
    [InlineData(null, null, false, false, "")]
    [InlineData(null, "", false, false, "")]
    [InlineData("alice", null, false, false, "")]
    [InlineData(null, "alice.nas", true, false, "")]
    [InlineData("alice", null, true, false, "")]
    public void a_reservation_body_names_a_proxy_or_a_block_and_never_both(string? user, string? proxy, bool block, bool names, string expected)
    {
        var asked = new ReservationRequest(user, proxy, block).Names(Protocol.Tcp, out var key);

        Assert.Equal(names, asked);
        if (names)
        {
            Assert.Equal(expected, key is null ? "block" : $"{key} {key.User}");
        }
    }
}
