using Microsoft.Extensions.Configuration;
using PortKeeper.Domain;
using PortKeeper.Silo;
using PortKeeper.Silo.Configuration;

namespace PortKeeper.Core.Tests.Configuration;

public sealed class PoolOptionTests
{
    private static readonly string FixtureToml = Path.Combine(AppContext.BaseDirectory, "fixtures", "frps-config", "frps.toml");

    public static TheoryData<string, string, string> Parsed => new()
    {
        { "eu=30000-30999", "eu", "ports 30000-30999" },
        { " eu = 30000-30999, 31001 ", "eu", "ports 30000-30999,31001" },
        { "us-east-2=40000", "us-east-2", "ports 40000" },
        { "0=40000", "0", "ports 40000" },
        { "a23456789012345678901234567890bc=1-2", "a23456789012345678901234567890bc", "ports 1-2" },
        { "eu=/etc/frp/frps-eu.toml", "eu", "file /etc/frp/frps-eu.toml" },
        { "eu=frps.YAML", "eu", "file frps.YAML" },
        { "eu=./eu/frps.ini", "eu", "file ./eu/frps.ini" },
        { "eu=C:\\frp\\frps=eu.json", "eu", "file C:\\frp\\frps=eu.json" },
    };

    public static TheoryData<string, string> Refused => new()
    {
        { "eu", "'eu' is not NAME=SPEC, like eu=30000-30999 or eu=/etc/frp/frps-eu.toml" },
        { "=30000", "the pool name is empty" },
        { "default=30000", "'default' is the pool of --allow-ports and --frps-config; give this pool another name" },
        { "EU=30000", "pool name 'EU' may only hold a-z, 0-9 and '-'" },
        { "eu/west=30000", "pool name 'eu/west' may only hold a-z, 0-9 and '-'" },
        { "eu_west=30000", "pool name 'eu_west' may only hold a-z, 0-9 and '-'" },
        { "a23456789012345678901234567890bcd=1", "pool name 'a23456789012345678901234567890bcd' is longer than 32 characters" },
        { "eu=", "pool 'eu' has no ports: give its allow ports (like eu=30000-30999) or its frps config (like eu=/etc/frp/frps-eu.toml)" },
        { "eu=70000", "pool 'eu': '70000' is not a port (1-65535) or a run of ports like 20000-29999" },
        { "eu=3000-2000", "pool 'eu': '3000-2000' is not a port (1-65535) or a run of ports like 20000-29999" },
        { "eu=/etc/frp/frps.conf", "pool 'eu': '/etc/frp/frps.conf' is neither allow ports (like 30000-30999,31001) nor an frps config (.toml, .yaml, .yml, .json or .ini)" },
    };

    [Theory]
    [MemberData(nameof(Parsed))]
    public void name_and_spec_parse(string entry, string name, string source)
    {
        var pool = Assert.IsType<Parsed<PoolOption>.Ok>(PoolOption.Parse(entry)).Value;
        Assert.Equal(name, pool.Name);
        Assert.Equal(source, pool.Source switch
        {
            PoolSource.Ports p => $"ports {p.Range}",
            PoolSource.FrpsConfig f => $"file {f.Path}",
            _ => "?",
        });
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void bad_name_or_spec_is_refused_with_a_reason(string entry, string expected) =>
        Assert.Equal(expected, Assert.IsType<Parsed<PoolOption>.Error>(PoolOption.Parse(entry)).Message);

    [Fact]
    public void repeated_pool_switches_add_pools()
    {
        var configuration = new ConfigurationBuilder()
            .AddPortKeeperCommandLine(["--allow-ports", "20000-20999", "--pool", "eu=30000-30999", "--pool=us=40000-40009,40100"])
            .Build();

        Assert.Equal("30000-30999", configuration["PortKeeper:Pools:eu"]);
        Assert.Equal("40000-40009,40100", configuration["PortKeeper:Pools:us"]);
        Assert.Equal("20000-20999", configuration["PortKeeper:AllowPorts"]);
    }

    [Theory]
    [InlineData(new[] { "--pool", "EU=30000" }, "--pool: pool name 'EU' may only hold a-z, 0-9 and '-'")]
    [InlineData(new[] { "--pool", "default=30000" }, "--pool: 'default' is the pool of --allow-ports and --frps-config; give this pool another name")]
    [InlineData(new[] { "--pool", "eu=1", "--pool", "eu=2" }, "--pool: pool 'eu' is given twice; give each pool once")]
    [InlineData(new[] { "--pool=eu" }, "--pool: 'eu' is not NAME=SPEC, like eu=30000-30999 or eu=/etc/frp/frps-eu.toml")]
    [InlineData(new[] { "--pool" }, "--pool needs a value")]
    [InlineData(new[] { "--pool", "--allow-ports", "1" }, "--pool needs a value")]
    public void bad_pool_switch_is_one_line_naming_it(string[] args, string expected) =>
        Assert.Equal(expected, Assert.Throws<StartupException>(() => new ConfigurationBuilder().AddPortKeeperCommandLine(args)).Message);

    [Fact]
    public void pools_of_the_command_line_resolve_beside_the_default_pool_without_the_node_s_own_ports()
    {
        var configuration = new ConfigurationBuilder().AddPortKeeperCommandLine(
            ["--allow-ports", "20000-20999", "--pool", "eu=11111,30000-30999", "--pool", $"lab={FixtureToml}", "--exclude-ports", "30500"]).Build();

        var pools = Registry(configuration);

        Assert.Equal(["default 20000-20999", "eu 30001-30499,30501-30999", "lab 6000-6999,7001-7100,9000,20000-20999"],
            pools.All.Select(p => $"{p.Name} {p.Range}"));
        Assert.Equal("--silo-port", pools.Own[11111]);
        Assert.Contains(7000, pools.Find("lab")!.FrpsPorts);
        Assert.Empty(pools.Find("eu")!.FrpsPorts);
    }

    [Fact]
    public void pools_come_from_a_list_or_an_object_in_appsettings_and_the_environment()
    {
        const string prefix = "PORTKEEPER_TEST_POOLS_";
        Environment.SetEnvironmentVariable($"{prefix}PortKeeper__Pools__us", "40000-40009");
        try
        {
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["PortKeeper:AllowPorts"] = "20000-20999",
                    ["PortKeeper:Pools:0"] = "eu=30000-30999",
                    ["PortKeeper:Pools:asia"] = "50000-50009",
                })
                .AddEnvironmentVariables(prefix)
                .Build();

            Assert.Equal(["default", "asia", "eu", "us"], Registry(configuration).All.Select(p => p.Name));
        }
        finally
        {
            Environment.SetEnvironmentVariable($"{prefix}PortKeeper__Pools__us", null);
        }
    }

    [Theory]
    [InlineData("PortKeeper:Pools:0", "EU=30000", "PortKeeper:Pools:0: pool name 'EU' may only hold a-z, 0-9 and '-'")]
    [InlineData("PortKeeper:Pools:eu", "30000-", "PortKeeper:Pools:eu: pool 'eu': '30000-' is not a port (1-65535) or a run of ports like 20000-29999")]
    [InlineData("PortKeeper:Pools:eu", "/no/such/frps-eu.toml", "PortKeeper:Pools:eu: cannot read /no/such/frps-eu.toml: file not found")]
    [InlineData("PortKeeper:Pools:eu", "11111", "PortKeeper:Pools:eu: no port left to hand out: 11111 without the ports frps binds (none), the ports this node listens on (11111,30000) and --exclude-ports () is empty")]
    public void bad_pool_setting_stops_start_up_with_one_line_naming_it(string key, string value, string expected)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["PortKeeper:AllowPorts"] = "20000-20999", [key] = value })
            .Build();
        Assert.Equal(expected, SettingsReadTests.StartupLine(configuration));
    }

    [Fact]
    public void same_pool_twice_in_one_source_is_refused()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["PortKeeper:AllowPorts"] = "20000-20999",
                ["PortKeeper:Pools:0"] = "eu=30010",
                ["PortKeeper:Pools:eu"] = "30011",
            })
            .Build();
        Assert.Equal("PortKeeper:Pools:eu: pool 'eu' is set twice (PortKeeper:Pools:0 and PortKeeper:Pools:eu); set it once", SettingsReadTests.StartupLine(configuration));
    }

    private static PoolRegistry Registry(IConfiguration configuration) => SettingsReadTests.Settings(configuration).Pools;
}
