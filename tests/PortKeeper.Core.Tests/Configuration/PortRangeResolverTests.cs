using PortKeeper.Domain;
using PortKeeper.Silo.Configuration;

namespace PortKeeper.Core.Tests.Configuration;

public sealed class PortRangeResolverTests
{
    private static FrpsSettings Frps(string? allow, params int[] bound) =>
        new(allow is null ? null : ((Parsed<PortRange>.Ok)AllowPorts.Parse(allow)).Value, bound.ToHashSet());

    private static readonly FrpsSettings Fixture = Frps("6000-7100,9000,20000-20999", 7000, 8080, 7500);

    public static TheoryData<string?, string?, FrpsSettings?, string> Resolved => new()
    {
        { "20000-29999", null, null, "20000-29999" },
        { null, null, Fixture, "6000-6999,7001-7100,9000,20000-20999" },
        { "20000-20099", null, Fixture, "20000-20099" },
        { "6990-7010", null, Fixture, "6990-6999,7001-7010" },
        { "6000-7100", "6000-6099,7100", Fixture, "6100-6999,7001-7099" },
        { null, "9000,20000-20499", Fixture, "6000-6999,7001-7100,20500-20999" },
        { "20000-20010", "1-19999,20011-65535", null, "20000-20010" },
        { "20000-20010", " ", null, "20000-20010" },
        { "30000", null, Frps(null, 7000), "30000" },
    };

    public static TheoryData<string?, string?, FrpsSettings?, string> Refused => new()
    {
        { null, null, null, "set --allow-ports or --frps-config with allowPorts" },
        { "  ", null, null, "set --allow-ports or --frps-config with allowPorts" },
        { null, null, Frps(null, 7000), "set --allow-ports: the frps config has no allowPorts, so frps accepts 1-65535, ports the system itself uses (like 22) among them" },
        { "5000-6099,8999-9001", null, Fixture, "--allow-ports: frps would refuse 5000-5999,8999,9001 (its allowPorts are 6000-7100,9000,20000-20999)" },
        { "70000", null, null, "--allow-ports: '70000' is not a port (1-65535) or a run of ports like 20000-29999" },
        { "20000-29999", "a-b", null, "--exclude-ports: 'a-b' is not a port (1-65535) or a run of ports like 20000-29999" },
        { "7000", null, Fixture, "no port left to hand out: 7000 without the ports frps binds (7000,7500,8080) and --exclude-ports () is empty" },
        { "20000-20010", "20000-20010", null, "no port left to hand out: 20000-20010 without the ports frps binds (none) and --exclude-ports (20000-20010) is empty" },
    };

    [Theory]
    [MemberData(nameof(Resolved))]
    public void options_and_frps_settings_give_range(string? allow, string? exclude, FrpsSettings? frps, string expected)
    {
        var parsed = PortRangeResolver.Choose(new PortKeeperOptions { AllowPorts = allow, ExcludePorts = exclude }, frps, []);
        Assert.Equal(expected, Assert.IsType<Parsed<PortChoice>.Ok>(parsed).Value.Range.ToString());
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void unusable_options_give_error(string? allow, string? exclude, FrpsSettings? frps, string expected)
    {
        var parsed = PortRangeResolver.Choose(new PortKeeperOptions { AllowPorts = allow, ExcludePorts = exclude }, frps, []);
        Assert.Equal(expected, Assert.IsType<Parsed<PortChoice>.Error>(parsed).Message);
    }

    [Fact]
    public void own_ports_inside_the_range_are_left_out_and_named()
    {
        NodeListener[] own =
        [
            new("--urls", System.Net.IPAddress.Loopback, 8080),
            new("--silo-port", System.Net.IPAddress.Loopback, 11111),
            new("--gateway-port", System.Net.IPAddress.Loopback, 30000),
        ];

        var choice = Assert.IsType<Parsed<PortChoice>.Ok>(PortRangeResolver.Choose(new PortKeeperOptions { AllowPorts = "29999-30001,11111" }, null, own)).Value;

        Assert.Equal("29999,30001", choice.Range.ToString());
        Assert.Equal([11111, 30000], choice.OwnLeftOut.Select(l => l.Port));
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080", "127.0.0.1:8080")]
    [InlineData("http://localhost:5000/", "127.0.0.1:5000")]
    [InlineData("http://*:80", "0.0.0.0:80")]
    [InlineData("https://+", "0.0.0.0:443")]
    [InlineData("http://[::1]:8081", "[::1]:8081")]
    [InlineData("http://example.org", "0.0.0.0:80")]
    public void urls_give_the_endpoint_kestrel_binds(string url, string endpoint) =>
        Assert.Equal(endpoint, NodeListeners.Http(url)?.ToString());
}
