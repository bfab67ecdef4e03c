using Microsoft.Extensions.Configuration;
using PortKeeper.Domain;
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
    public void switch_maps_to_configuration_key(string option, string value, string key)
    {
        foreach (var args in new[] { new[] { option, value }, new[] { $"{option}={value}" } })
        {
            var configuration = new ConfigurationBuilder().AddPortKeeperCommandLine(args).Build();
            Assert.Equal(value, configuration[key]);
        }
    }

    [Fact]
    public void several_switches_fill_the_section()
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
        { ["--kubernetes"], "--kubernetes needs a value: true or false" },
        { ["--accept-range-change"], "--accept-range-change needs a value: true or false" },
        { ["--postgres", "--bogus"], "--postgres needs a value" },
        { ["/allow-ports", "1"], "unknown option '/allow-ports'; known options: " },
        { ["--PortKeeper:Pools"], "--PortKeeper:Pools needs a value" },
    };

    [Theory]
    [MemberData(nameof(Acceptable))]
    public void acceptable_arguments_are_read(string[] args) => Assert.IsType<Parsed<IReadOnlyList<KeyValuePair<string, string>>>.Ok>(PortKeeperCommandLine.Read(args));

    [Theory]
    [MemberData(nameof(Bad))]
    public void bad_arguments_fail_with_one_line(string[] args, string expectedStart)
    {
        var message = Assert.IsType<Parsed<IReadOnlyList<KeyValuePair<string, string>>>.Error>(PortKeeperCommandLine.Read(args)).Message;
        Assert.StartsWith(expectedStart, message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', message);
    }

    public static TheoryData<string[], string[]> Read => new()
    {
        { ["--allow-ports", "1-2", "--Silo-Port=11112"], ["PortKeeper:AllowPorts=1-2", "PortKeeper:SiloPort=11112"] },
        { ["--pool", "eu=30000-30999", "--pool= us = 40000 ", "--pool", "lab=/etc/frp/lab.toml"], ["PortKeeper:Pools:eu=30000-30999", "PortKeeper:Pools:us=40000", "PortKeeper:Pools:lab=/etc/frp/lab.toml"] },
        { ["--allow-ports", "1", "--allow-ports", "2"], ["PortKeeper:AllowPorts=1", "PortKeeper:AllowPorts=2"] },
        { ["--urls", "http://*:80", "--environment=Development"], ["urls=http://*:80", "environment=Development"] },
        { ["--Logging:LogLevel:Default", "Debug", "--PortKeeper=", "--PortKeeper:Pools=", "--PortKeeper:Pools:eu=1"], ["Logging:LogLevel:Default=Debug", "PortKeeper=", "PortKeeper:Pools=", "PortKeeper:Pools:eu=1"] },
    };

    [Theory]
    [MemberData(nameof(Read))]
    public void arguments_become_configuration_keys_in_their_order(string[] args, string[] settings) =>
        Assert.Equal(settings, Assert.IsType<Parsed<IReadOnlyList<KeyValuePair<string, string>>>.Ok>(PortKeeperCommandLine.Read(args)).Value.Select(s => $"{s.Key}={s.Value}"));

    [Fact]
    public void every_option_of_the_table_has_a_switch_that_sets_its_key()
    {
        foreach (var option in NodeOptions.All)
        {
            var read = Assert.IsType<Parsed<IReadOnlyList<KeyValuePair<string, string>>>.Ok>(PortKeeperCommandLine.Read([option.Switch, option == NodeOptions.Pools ? "eu=1" : "v"])).Value;
            Assert.Equal(option == NodeOptions.Pools ? $"{option.Key}:eu" : option.Key, Assert.Single(read).Key);
        }
    }

    [Fact]
    public void unknown_switch_stops_the_configuration_build()
    {
        var e = Assert.Throws<StartupException>(() => new ConfigurationBuilder().AddPortKeeperCommandLine(["--alow-ports", "1-2"]));
        Assert.Equal((e.Message, NodeRunner.BadSetting), NodeRunner.Describe(e));
        Assert.Equal(StartupFailure.Setting, e.Failure);
    }
}
