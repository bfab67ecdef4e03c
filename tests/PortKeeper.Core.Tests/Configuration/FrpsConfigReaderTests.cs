using PortKeeper.Domain;
using PortKeeper.Silo.Configuration;

namespace PortKeeper.Core.Tests.Configuration;

public sealed class FrpsConfigReaderTests
{
    private const string FixtureJson = """
        {
          "bindPort": 7000,
          "vhostHTTPPort": 8080,
          "webServer": { "port": 7500 },
          "allowPorts": [
            { "start": 6000, "end": 7100 },
            { "single": 9000 },
            { "start": 20000, "end": 20999 }
          ],
          "maxPortsPerClient": 5,
          "httpPlugins": [
            { "name": "port-keeper", "addr": "127.0.0.1:8080", "path": "/port-registrations", "ops": ["NewProxy", "CloseProxy"] }
          ]
        }
        """;

    private static string Fixture(string file) => Path.Combine(AppContext.BaseDirectory, "fixtures", "frps-config", file);

    private static FrpsSettings Ok(Parsed<FrpsSettings> parsed) =>
        parsed is Parsed<FrpsSettings>.Ok ok ? ok.Value : throw new Xunit.Sdk.XunitException($"expected settings, got {parsed}");

    private static string Error(Parsed<FrpsSettings> parsed) => Assert.IsType<Parsed<FrpsSettings>.Error>(parsed).Message;

    [Theory]
    [InlineData("frps.toml")]
    [InlineData("frps.yaml")]
    [InlineData("frps.ini")]
    public void fixture_file_gives_allow_ports_and_bound_ports(string file)
    {
        var settings = Ok(FrpsConfigReader.Read(Fixture(file)));
        Assert.Equal("6000-7100,9000,20000-20999", settings.AllowPorts?.ToString());
        Assert.Equal([7000, 7500, 8080], settings.BoundPorts.Order());
    }

    [Fact]
    public void json_equivalent_of_the_fixtures_gives_the_same_settings()
    {
        var settings = Ok(FrpsConfigReader.Parse("frps.json", FixtureJson));
        Assert.Equal("6000-7100,9000,20000-20999", settings.AllowPorts?.ToString());
        Assert.Equal([7000, 7500, 8080], settings.BoundPorts.Order());
    }

    [Fact]
    public void json_file_is_read_by_its_extension()
    {
        var path = Path.Combine(Path.GetTempPath(), $"frps-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, FixtureJson);
        try
        {
            Assert.Equal("6000-7100,9000,20000-20999", Ok(FrpsConfigReader.Read(path)).AllowPorts?.ToString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("frps.toml", "", "7000")]
    [InlineData("frps.toml", "bindPort = 0", "7000")]
    [InlineData("frps.toml", "bindPort = 7001", "7001")]
    [InlineData("frps.toml", "webServer.port = 7500", "7000,7500")]
    [InlineData("frps.toml", "[webServer]\naddr = \"0.0.0.0\"\nport = 7500", "7000,7500")]
    [InlineData("frps.toml", "[sshTunnelGateway]\nbindPort = 2200", "2200,7000")]
    [InlineData("frps.toml", "kcpBindPort = 7000\nquicBindPort = 7002", "7000,7002")]
    [InlineData("frps.toml", "vhostHTTPSPort = 443\ntcpmuxHTTPConnectPort = 1337", "443,1337,7000")]
    [InlineData("frps.toml", "vhostHTTPPort = 0", "7000")]
    [InlineData("frps.yaml", "webServer:\n  port: \"7500\"", "7000,7500")]
    [InlineData("frps.yml", "bindPort: 7100", "7100")]
    [InlineData("frps.yaml", "", "7000")]
    [InlineData("frps.json", "{}", "7000")]
    [InlineData("frps.json", "{\"BindPort\": 7100, \"vhosthttpport\": 80}", "80,7100")]
    [InlineData("frps.ini", "[common]", "7000")]
    [InlineData("frps.ini", "# comment\n; another\n[common]\nbind_port = 7100\nquic_bind_port = 7200\nvhost_https_port = 443\ntcpmux_httpconnect_port = 1337\nkcp_bind_port = 7100", "443,1337,7100,7200")]
    public void bound_ports_follow_frps_defaults(string name, string text, string expected)
    {
        var settings = Ok(FrpsConfigReader.Parse(name, text));
        Assert.Equal(expected, string.Join(",", settings.BoundPorts.Order()));
    }

    [Theory]
    [InlineData("frps.toml", "bindPort = 7000")]
    [InlineData("frps.toml", "allowPorts = []")]
    [InlineData("frps.yaml", "allowPorts:")]
    [InlineData("frps.json", "{\"allowPorts\": null}")]
    [InlineData("frps.ini", "[common]\nallow_ports =")]
    public void config_without_allow_ports_gives_no_range(string name, string text) =>
        Assert.Null(Ok(FrpsConfigReader.Parse(name, text)).AllowPorts);

    [Theory]
    [InlineData("frps.toml", "allowPorts = [{ start = 2000, end = 3000 }, { start = 3000, end = 2000 }]",
        "frps.toml: allowPorts entry 2 (start=3000, end=2000, single=) needs start and end, or single, within 1-65535")]
    [InlineData("frps.toml", "allowPorts = [{ single = 70000 }]",
        "frps.toml: allowPorts entry 1 single is 70000, not a port number (1-65535)")]
    [InlineData("frps.toml", "allowPorts = [1000]",
        "frps.toml: allowPorts entry 1 must be { start = ..., end = ... } or { single = ... }")]
    [InlineData("frps.toml", "allowPorts = \"1000-2000\"",
        "frps.toml: allowPorts must be a list like [{ start = 2000, end = 3000 }, { single = 3001 }]")]
    [InlineData("frps.toml", "vhostHTTPPort = 70000",
        "frps.toml: vhostHTTPPort is 70000, not a port number (1-65535)")]
    [InlineData("frps.toml", "webServer.port = \"web\"",
        "frps.toml: webServer.port is 'web', not a port number (1-65535)")]
    [InlineData("frps.yaml", "allowPorts:\n  - start: 6000\n    end: x",
        "frps.yaml: allowPorts entry 1 end is 'x', not a port number (1-65535)")]
    [InlineData("frps.yaml", "- 1\n- 2",
        "frps.yaml: the top level must be a table of settings")]
    [InlineData("frps.json", "{\"bindPort\": -1}",
        "frps.json: bindPort is -1, not a port number (1-65535)")]
    [InlineData("frps.ini", "bind_port = 7000",
        "frps.ini: no [common] section, which frps requires")]
    [InlineData("frps.ini", "[common]\nallow_ports = 6000-7100,70000",
        "frps.ini: allow_ports: '70000' is not a port (1-65535) or a run of ports like 20000-29999")]
    [InlineData("frps.ini", "[common]\ndashboard_port = web",
        "frps.ini: dashboard_port = 'web' is not a port number (1-65535)")]
    [InlineData("frps.conf", "bindPort = 7000",
        "frps.conf: unknown frps config format; use a .toml, .yaml, .yml, .json or .ini file")]
    public void bad_setting_gives_error_naming_file_and_setting(string name, string text, string expected) =>
        Assert.Equal(expected, Error(FrpsConfigReader.Parse(name, text)));

    [Theory]
    [InlineData("frps.toml", "bindPort = 7000\nvhostHTTPPort = = 80", "frps.toml: TOML syntax error at line 2, column ")]
    [InlineData("frps.yaml", "bindPort: 7000\n  vhostHTTPPort: : 80", "frps.yaml: YAML syntax error at line 2, column ")]
    [InlineData("frps.json", "{\n  \"bindPort\": 7000,\n  oops\n}", "frps.json: JSON syntax error at line 3: ")]
    [InlineData("frps.ini", "[common]\nbind_port 7000", "frps.ini: INI syntax error at line ")]
    public void syntax_error_gives_one_line_with_its_position(string name, string text, string expectedStart)
    {
        var message = Error(FrpsConfigReader.Parse(name, text));
        Assert.StartsWith(expectedStart, message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', message);
    }

    [Fact]
    public void template_syntax_is_named_in_the_error()
    {
        var message = Error(FrpsConfigReader.Parse("frps.toml", "bindPort = {{ .Envs.FRP_PORT }}"));
        Assert.EndsWith("(frps templates like {{ .Envs.NAME }} are not supported)", message, StringComparison.Ordinal);
    }

    [Fact]
    public void missing_file_gives_cannot_read_with_its_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}", "frps.toml");
        Assert.Equal($"cannot read {path}: file not found", Error(FrpsConfigReader.Read(path)));
    }
}
