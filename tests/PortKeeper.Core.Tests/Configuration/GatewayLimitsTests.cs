using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using PortKeeper.Gateway.Hosting;
using PortKeeper.Silo;

namespace PortKeeper.Core.Tests.Configuration;

public sealed class GatewayLimitsTests
{
    [Fact]
    public void defaults_suit_frps_and_the_largest_body_is_the_plugin_limit()
    {
        var limits = new KestrelServerLimits();

        GatewayLimits.Apply(limits, 65536, Configured());

        Assert.Equal((4096L, 8192, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(130), 65536L, 240.0, TimeSpan.FromSeconds(5)), Values(limits));
    }

    [Fact]
    public void configured_values_replace_the_defaults()
    {
        var limits = new KestrelServerLimits();

        GatewayLimits.Apply(limits, 65536, Configured(
            ("MaxConcurrentConnections", "10"), ("KeepAliveTimeout", "00:00:03"), ("MaxRequestBodySize", "2048"),
            ("RequestHeadersTimeout", "00:00:01"), ("MaxRequestHeadersTotalSize", "4096"),
            ("MinRequestBodyDataRate:BytesPerSecond", "100"), ("MinRequestBodyDataRate:GracePeriod", "00:00:02")));

        Assert.Equal((10L, 4096, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), 2048L, 100.0, TimeSpan.FromSeconds(2)), Values(limits));
    }

    [Fact]
    public void a_rate_given_in_part_keeps_the_default_of_the_other_part()
    {
        var limits = new KestrelServerLimits();

        GatewayLimits.Apply(limits, 65536, Configured(("MinRequestBodyDataRate:GracePeriod", "00:00:09")));

        Assert.Equal((240.0, TimeSpan.FromSeconds(9)), (limits.MinRequestBodyDataRate!.BytesPerSecond, limits.MinRequestBodyDataRate.GracePeriod));
    }

    [Theory]
    [InlineData("KeepAliveTimeout", "soon")]
    [InlineData("MaxConcurrentConnections", "-5")]
    [InlineData("MaxRequestHeadersTotalSize", "0")]
    [InlineData("MinRequestBodyDataRate:BytesPerSecond", "fast")]
    public void a_bad_value_stops_start_up_naming_the_section(string key, string value)
    {
        var error = Assert.Throws<StartupException>(() => GatewayLimits.Apply(new KestrelServerLimits(), 65536, Configured((key, value))));

        Assert.Equal(StartupFailure.Setting, error.Failure);
        Assert.StartsWith("Kestrel:Limits: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    private static (long?, long?, TimeSpan, TimeSpan, long?, double, TimeSpan) Values(KestrelServerLimits limits) =>
        (limits.MaxConcurrentConnections, limits.MaxRequestHeadersTotalSize, limits.RequestHeadersTimeout, limits.KeepAliveTimeout,
            limits.MaxRequestBodySize, limits.MinRequestBodyDataRate!.BytesPerSecond, limits.MinRequestBodyDataRate.GracePeriod);

    private static IConfiguration Configured(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => KeyValuePair.Create($"{GatewayLimits.Section}:{v.Key}", (string?)v.Value)))
            .Build()
            .GetSection(GatewayLimits.Section);
}
