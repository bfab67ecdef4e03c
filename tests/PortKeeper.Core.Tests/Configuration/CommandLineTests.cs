using Microsoft.Extensions.Configuration;
using PortKeeper.Silo;
using PortKeeper.Silo.Configuration;
using PortKeeper.Silo.Hosting;

namespace PortKeeper.Core.Tests.Configuration;

public sealed class CommandLineTests
{
    [Theory]
    [InlineData("--allow-ports", "20000-29999", "PortKeeper:AllowPorts")]
    [InlineData("--exclude-ports", "22", "PortKeeper:ExcludePorts")]
    [InlineData("--frps-config", "/etc/frp/frps.toml", "PortKeeper:FrpsConfig")]
    [InlineData("--data-dir", "/var/lib/portkeeper", "PortKeeper:DataDir")]
    [InlineData("--postgres", "Host=db;Database=portkeeper", "PortKeeper:Postgres")]
    [InlineData("--silo-port", "11112", "PortKeeper:SiloPort")]
    [InlineData("--role", "gateway", "PortKeeper:Role")]
    [InlineData("--advertise-address", "10.0.0.5", "PortKeeper:AdvertiseAddress")]
    [InlineData("--kubernetes", "true", "PortKeeper:Kubernetes")]
    [InlineData("--accept-range-change", "true", "PortKeeper:AcceptRangeChange")]
    [InlineData("--gateway-port", "30001", "PortKeeper:GatewayPort")]
    [InlineData("--cluster-id", "prod", "PortKeeper:ClusterId")]
    [InlineData("--service-id", "frp", "PortKeeper:ServiceId")]
    [InlineData("--plugin-path", "/frp", "PortKeeper:PluginPath")]
    [InlineData("--answer-timeout", "3s", "PortKeeper:AnswerTimeout")]
    [InlineData("--allow-empty-user", "true", "PortKeeper:AllowEmptyUser")]
    [InlineData("--max-body-bytes", "4096", "PortKeeper:MaxBodyBytes")]
    [InlineData("--urls", "http://127.0.0.1:8080", "urls")]
    [InlineData("--Allow-Ports", "1-2", "PortKeeper:AllowPorts")]
    public void Switch_maps_to_configuration_key(string option, string value, string key)
    {
        foreach (var args in new[] { new[] { option, value }, new[] { $"{option}={value}" } })
        {
            var configuration = new ConfigurationBuilder().AddPortKeeperCommandLine(args).Build();
            Assert.Equal(value, configuration[key]);
        }
    }

    [Fact]
    public void Several_switches_fill_the_section()
    {
        var configuration = new ConfigurationBuilder()
            .AddPortKeeperCommandLine(["--allow-ports", "20000-29999", "--frps-config", "/etc/frp/frps.toml", "--silo-port=11112"])
            .Build();
        var section = configuration.GetSection(PortKeeperOptions.Section);
        Assert.Equal(
            ["AllowPorts=20000-29999", "FrpsConfig=/etc/frp/frps.toml", "SiloPort=11112"],
            section.GetChildren().Select(c => $"{c.Key}={c.Value}").Order());
    }

    public static TheoryData<string[]> Acceptable => new()
    {
        Array.Empty<string>(),
        new[] { "--environment", "Development", "--contentRoot", "/app", "--applicationName", "pk" },
        new[] { "--Logging:LogLevel:Default", "Debug" },
        new[] { "--PortKeeper:AllowPorts=20000-20010" },
        new[] { "--postgres", "-starts-with-a-dash" },
    };

    public static TheoryData<string[], string> Bad => new()
    {
        { ["--alow-ports", "20000-29999"], "unknown option '--alow-ports'; known options: " },
        { ["--allow-ports=1-2", "--verbose=true"], "unknown option '--verbose'; known options: " },
        { ["-p", "20000"], "unknown option '-p'; known options: " },
        { ["--PortKeeper:AlowPorts", "1-2"], "unknown option '--PortKeeper:AlowPorts'; known options: " },
        { ["20000-29999"], "unexpected argument '20000-29999'; options look like --allow-ports 20000-29999" },
        { ["--allow-ports"], "--allow-ports needs a value" },
        { ["--allow-empty-user", "--allow-ports", "1-2"], "--allow-empty-user needs a value: true or false" },
    };

    [Theory]
    [MemberData(nameof(Acceptable))]
    public void Acceptable_arguments_pass_the_check(string[] args) => Assert.Null(PortKeeperCommandLine.Check(args));

    [Theory]
    [MemberData(nameof(Bad))]
    public void Bad_arguments_fail_with_one_line(string[] args, string expectedStart)
    {
        var message = PortKeeperCommandLine.Check(args);
        Assert.NotNull(message);
        Assert.StartsWith(expectedStart, message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', message);
    }

    [Fact]
    public void Unknown_switch_stops_the_configuration_build()
    {
        var e = Assert.Throws<StartupException>(() => new ConfigurationBuilder().AddPortKeeperCommandLine(["--alow-ports", "1-2"]));
        Assert.Equal(e.Message, NodeRunner.Describe(e).Line);
    }
}
