using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using PortKeeper.Silo;
using PortKeeper.Silo.Configuration;
using PortKeeper.Silo.Hosting;

namespace PortKeeper.Core.Tests.Configuration;

public sealed class SettingsReadTests
{
    private static readonly string FixtureToml = Path.Combine(AppContext.BaseDirectory, "fixtures", "frps-config", "frps.toml");

    /// <summary>This machine's files, and an environment without a pod's variables.</summary>
    public static readonly StartupInputs Inputs = StartupInputs.OfThisMachine with { Variable = _ => null };

    public static PortKeeperSettings Settings(IConfiguration configuration) =>
        Assert.IsType<SettingsRead.Ok>(PortKeeperSettings.Read(configuration, Inputs)).Settings;

    private static PortKeeperOptions OptionsOf(IConfiguration configuration) => Settings(configuration).Options;

    public static string? StartupLine(IConfiguration configuration) =>
        PortKeeperSettings.Read(configuration, Inputs) switch
        {
            SettingsRead.Failed failed => failed.Line,
            _ => null,
        };

    private static IConfiguration CommandLine(params string[] args) =>
        new ConfigurationBuilder().AddPortKeeperCommandLine(args).Build();

    public static TheoryData<string[], string> CommandLineFailures => new()
    {
        { ["--allow-ports", "70000"], "--allow-ports: '70000' is not a port (1-65535) or a run of ports like 20000-29999" },
        { ["--allow-ports", "20000-20010", "--exclude-ports", "1000,,2000"], "--exclude-ports: '1000,,2000' has an empty piece between commas" },
        { ["--allow-ports", "20000-20010", "--silo-port", "0"], "--silo-port: 0 is not a port (1-65535)" },
        { ["--allow-ports", "20000-20010", "--silo-port", "abc"], "--silo-port: 'abc' is not a port (1-65535)" },
        { ["--allow-ports", "20000-20010", "--gateway-port", "65536"], "--gateway-port: 65536 is not a port (1-65535)" },
        { ["--allow-ports", "20000-20010", "--silo-port", "30000"], "--silo-port and --gateway-port are both 30000; Orleans needs two different ports" },
        { ["--allow-ports", "20000-20010", "--answer-timeout", "20s"], "--answer-timeout: 20s must be more than 0 and less than 20s, when frpc sends NewProxy again" },
        { ["--allow-ports", "20000-20010", "--answer-timeout", "0s"], "--answer-timeout: 0s must be more than 0 and less than 20s, when frpc sends NewProxy again" },
        { ["--allow-ports", "20000-20010", "--answer-timeout", "5"], "--answer-timeout: '5' is not a duration like 5s or 500ms" },
        { ["--allow-ports", "20000-20010", "--max-body-bytes", "512"], "--max-body-bytes: 512 must be between 1024 (1 KiB) and 1048576 (1 MiB)" },
        { ["--allow-ports", "20000-20010", "--max-body-bytes", "2097152"], "--max-body-bytes: 2097152 must be between 1024 (1 KiB) and 1048576 (1 MiB)" },
        { ["--allow-ports", "20000-20010", "--allow-empty-user", "yes"], "--allow-empty-user: 'yes' is not true or false" },
        { ["--allow-ports", "20000-20010", "--plugin-path", "frp"], "--plugin-path: 'frp' must start with /" },
        { ["--allow-ports", "20000-20010", "--cluster-id", " "], "--cluster-id: must not be empty" },
        { ["--allow-ports", "20000-20010", "--frps-config", "/no/such/frps.toml"], "--frps-config: cannot read /no/such/frps.toml: file not found" },
        { ["--allow-ports", "5000-5001", "--frps-config", FixtureToml], "--allow-ports: frps would refuse 5000-5001 (its allowPorts are 6000-7100,9000,20000-20999)" },
        { [], "set --allow-ports or --frps-config with allowPorts" },
        { ["--allow-ports", "20000-20010", "--role", "frps"], "--role: 'frps' is not a role: combined, gateway or silo" },
        { ["--role", "gateway"], "--role: gateway needs --postgres: it finds the silos in PostgreSQL's membership table" },
        { ["--allow-ports", "20000-20010", "--advertise-address", "node1.example"], "--advertise-address: 'node1.example' is not an IP address (like 10.0.0.5); other nodes connect to it" },
        { ["--allow-ports", "20000-20010", "--advertise-address", "0.0.0.0"], "--advertise-address: 0.0.0.0 is no address other nodes can connect to; give this host's own address" },
        { ["--allow-ports", "20000-20010", "--kubernetes", "true"], "--kubernetes: needs POD_NAME, POD_NAMESPACE, POD_IP set from the pod (Kubernetes downward API)" },
        { ["--allow-ports", "20000-20010", "--kubernetes", "maybe"], "--kubernetes: 'maybe' is not true or false" },
        { ["--allow-ports", "20000-20010", "--lease-expiry", "30"], "--lease-expiry: '30' is not a duration like 30d, 12h or 90m" },
        { ["--allow-ports", "20000-20010", "--lease-expiry", "0d"], "--lease-expiry: must be longer than 0, e.g. 30d" },
        { ["--allow-ports", "20000-20010", "--admin-token", "short"], "--admin-token: must have at least 16 characters (it guards the release of ports)" },
        { ["--allow-ports", "20000-20010", "--accept-range-change", "yes"], "--accept-range-change: 'yes' is not true or false" },
        { ["--allow-ports", "20000-20010", "--gateway-port", "x"], "--gateway-port: 'x' is not a port (1-65535)" },
        { ["--allow-ports", "20000-20010", "--data-dir", " "], "--data-dir: must name a folder" },
        { ["--allow-ports", "20000-20010", "--postgres="], "--postgres: is empty; leave it out for the embedded storage" },
        { ["--allow-ports", "20000-20010", "--service-id", ""], "--service-id: must not be empty" },
        { ["--allow-ports", "20000-20010", "--session-timeout", "5"], "--session-timeout: '5' is not a duration like 5m or 90s (0 turns it off)" },
        { ["--allow-ports", "20000-20010", "--session-timeout", "-00:05:00"], "--session-timeout: must be 0 (off) or longer, e.g. 5m" },
        { ["--allow-ports", "20000-20010", "--max-body-bytes", "64k"], "--max-body-bytes: '64k' is not a whole number of bytes" },
        { ["--allow-ports", "20000-20010", "--max-ports-per-user", "many"], "--max-ports-per-user: 'many' is not a whole number of ports (0 for no limit)" },
        { ["--allow-ports", "20000-20010", "--max-ports-per-user", "-1"], "--max-ports-per-user: -1 must be 0 (no limit) or more" },
        { ["--allow-ports", "20000-20010", "--import", "/no/such/gokv"], "--import: '/no/such/gokv' is no file or folder" },
        { ["--allow-ports", "20000-20010", "--pool", "eu=/etc/frp/frps.conf"], "--pool: pool 'eu': '/etc/frp/frps.conf' is neither allow ports (like 30000-30999,31001) nor an frps config (.toml, .yaml, .yml, .json or .ini)" },
        { ["--allow-ports", "20000-20010", "--Logging:LogLevel:Default", "Debug", "--PortKeeper:AlowPorts", "1"], "unknown option '--PortKeeper:AlowPorts'; known options: --accept-range-change, --admin-token, --advertise-address, --allow-empty-user, --allow-ports, --answer-timeout, --cluster-id, --data-dir, --exclude-ports, --frps-config, --gateway-port, --import, --kubernetes, --lease-expiry, --max-body-bytes, --max-ports-per-user, --plugin-path, --pool, --postgres, --role, --service-id, --session-timeout, --silo-port, --urls, --environment, --contentRoot, --applicationName" },
        { ["--silo-port", "0", "--max-body-bytes", "1"], "--silo-port: 0 is not a port (1-65535); --max-body-bytes: 1 must be between 1024 (1 KiB) and 1048576 (1 MiB); set --allow-ports or --frps-config with allowPorts" },
    };

    [Theory]
    [InlineData("--role", "gateway", "--postgres", "Host=db")]
    [InlineData("--role", "silo", "--allow-ports", "20000-20010", "--postgres", "Host=db")]
    [InlineData("--role", "GATEWAY", "--postgres", "Host=db", "--allow-ports", "20000-20010")]
    [InlineData("--role", "combined", "--allow-ports", "20000-20010", "--advertise-address", "10.0.0.5")]
    [InlineData("--allow-ports", "20000-20010", "--advertise-address", "::1", "--accept-range-change", "true")]
    public void cluster_options_that_fit_together_start(params string[] args) =>
        Assert.Null(StartupLine(CommandLine(args)));

    [Theory]
    [MemberData(nameof(CommandLineFailures))]
    public void bad_command_line_gives_one_line_naming_the_switch(string[] args, string expected) =>
        Assert.Equal(expected, StartupLine(args));

    [Fact]
    public void every_option_has_a_bad_example() =>
        Assert.All(NodeOptions.All, option => Assert.Contains(CommandLineFailures, row => ((string)row[1]).StartsWith(option.Switch + ":", StringComparison.Ordinal)));

    // Every option but --pool (PoolOptionTests): a good text, and the value it sets as Get shows it.
    public static TheoryData<string, string, string> Good => new()
    {
        { "--allow-ports", " 20000-20010 ", " 20000-20010 " },
        { "--exclude-ports", "20005", "20005" },
        { "--frps-config", FixtureToml, FixtureToml },
        { "--data-dir", "/var/lib/pk", "/var/lib/pk" },
        { "--postgres", "Host=db;Database=pk", "Host=db;Database=pk" },
        { "--role", "Silo", "Silo" },
        { "--advertise-address", "10.0.0.5", "10.0.0.5" },
        { "--accept-range-change", " TRUE ", "True" },
        { "--kubernetes", "false", "False" },
        { "--admin-token", "0123456789abcdef", "0123456789abcdef" },
        { "--admin-token", " ", "null" },
        { "--lease-expiry", "30d", "30.00:00:00" },
        { "--lease-expiry", "", "null" },
        { "--session-timeout", "0", "00:00:00" },
        { "--session-timeout", "90s", "00:01:30" },
        { "--silo-port", "+11112", "11112" },
        { "--gateway-port", "65535", "65535" },
        { "--cluster-id", "prod", "prod" },
        { "--service-id", "frp", "frp" },
        { "--plugin-path", "/frp", "/frp" },
        { "--answer-timeout", "500ms", "00:00:00.5000000" },
        { "--answer-timeout", "19.5s", "00:00:19.5000000" },
        { "--allow-empty-user", "true", "True" },
        { "--max-body-bytes", "1048576", "1048576" },
        { "--max-ports-per-user", "0", "0" },
        { "--import", FixtureToml, FixtureToml },
    };

    [Theory]
    [MemberData(nameof(Good))]
    public void good_text_sets_the_option(string option, string text, string value)
    {
        // A later --allow-ports replaces the first.
        var read = PortKeeperSettings.Read(CommandLine("--allow-ports", "20000-20010", option, text), Inputs with { ImportProblem = _ => null });
        var options = Assert.IsType<SettingsRead.Ok>(read).Settings.Options;
        Assert.Equal(value, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{NodeOptions.All.Single(o => o.Switch == option).Get(options) ?? "null"}"));
    }

    [Fact]
    public void every_option_has_a_good_example() =>
        Assert.Equal(NodeOptions.All.Select(o => o.Switch).Where(s => s != "--pool"), Good.Select(row => (string)row[0]).Distinct());

    // The line of the command line's own check, else of the settings.
    private static string? StartupLine(string[] args)
    {
        try
        {
            return StartupLine(CommandLine(args));
        }
        catch (StartupException e)
        {
            return e.Message;
        }
    }

    [Fact]
    public void bad_postgres_connection_string_is_named_without_its_value()
    {
        var line = StartupLine(CommandLine("--allow-ports", "20000-20010", "--postgres", "Hots=db;Password=secret"));
        Assert.StartsWith("--postgres: not a valid Npgsql connection string", line, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PortKeeper:SiloPort", "x", "PortKeeper:SiloPort: 'x' is not a port (1-65535)")]
    [InlineData("PortKeeper:AlowPorts", "1-2", "PortKeeper:AlowPorts: is not a PortKeeper setting")]
    [InlineData("PortKeeper:Kestrel:Limits", "1", "PortKeeper:Kestrel: is not a PortKeeper setting")]
    [InlineData("PortKeeper:LeaseExpiry", "forever", "PortKeeper:LeaseExpiry: 'forever' is not a duration like 30d, 12h or 90m")]
    [InlineData("PortKeeper:MaxBodyBytes", "10", "PortKeeper:MaxBodyBytes: 10 must be between 1024 (1 KiB) and 1048576 (1 MiB)")]
    public void bad_configuration_key_is_named_as_a_key(string key, string value, string expected)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["PortKeeper:AllowPorts"] = "20000-20010", [key] = value })
            .Build();
        Assert.Equal(expected, StartupLine(configuration));
    }

    [Fact]
    public void bad_setting_in_a_json_file_names_key_and_file()
    {
        var folder = Directory.CreateTempSubdirectory("portkeeper-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "appsettings.json"), """{ "PortKeeper": { "AllowPorts": "20000-20010", "AnswerTimeout": "00:00:30" } }""");
            var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(folder, "appsettings.json")).Build();
            Assert.Equal(
                "PortKeeper:AnswerTimeout in appsettings.json: 30s must be more than 0 and less than 20s, when frpc sends NewProxy again",
                StartupLine(configuration));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void bad_environment_variable_is_named_as_the_variable()
    {
        const string prefix = "PORTKEEPER_TEST_5A1C_";
        Environment.SetEnvironmentVariable($"{prefix}PortKeeper__AllowPorts", "20000-0");
        Environment.SetEnvironmentVariable($"{prefix}PortKeeper__AlowPorts", "1");
        try
        {
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables(prefix).Build();
            Assert.Equal(
                "PortKeeper__AlowPorts: is not a PortKeeper setting; PortKeeper__AllowPorts: '20000-0' is not a port (1-65535) or a run of ports like 20000-29999",
                StartupLine(configuration));
        }
        finally
        {
            Environment.SetEnvironmentVariable($"{prefix}PortKeeper__AllowPorts", null);
            Environment.SetEnvironmentVariable($"{prefix}PortKeeper__AlowPorts", null);
        }
    }

    [Fact]
    public void command_line_wins_over_a_json_value_and_is_named_as_a_switch()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["PortKeeper:AllowPorts"] = "20000-20010" })
            .AddPortKeeperCommandLine(["--allow-ports", "0"])
            .Build();
        Assert.Equal("--allow-ports: '0' is not a port (1-65535) or a run of ports like 20000-29999", StartupLine(configuration));
    }

    [Fact]
    public void valid_options_bind_every_switch()
    {
        var o = OptionsOf(CommandLine(
            "--allow-ports", "20000-20010", "--exclude-ports", "20005", "--data-dir", "/var/lib/pk",
            "--postgres", "Host=db;Database=pk", "--silo-port", "11112", "--gateway-port", "30001",
            "--cluster-id", "c", "--service-id", "s", "--plugin-path", "/frp", "--answer-timeout", "1500ms",
            "--allow-empty-user", "true", "--max-body-bytes", "1024"));
        Assert.Equal(
            ("20000-20010", "20005", "/var/lib/pk", "Host=db;Database=pk", 11112, 30001, "c", "s", "/frp", TimeSpan.FromMilliseconds(1500), true, 1024),
            (o.AllowPorts, o.ExcludePorts, o.DataDir, o.Postgres, o.SiloPort, o.GatewayPort, o.ClusterId, o.ServiceId, o.PluginPath, o.AnswerTimeout, o.AllowEmptyUser, o.MaxBodyBytes));
    }

    [Theory]
    [InlineData("30d", 30 * 24 * 60)]
    [InlineData("12h", 12 * 60)]
    [InlineData("90m", 90)]
    [InlineData("1.5h", 90)]
    [InlineData("00:45:00", 45)]
    public void lease_expiry_reads_days_hours_and_minutes(string text, int minutes)
    {
        Assert.Equal(TimeSpan.FromMinutes(minutes), OptionsOf(CommandLine("--allow-ports", "20000-20010", "--lease-expiry", text)).LeaseExpiry);
    }

    [Fact]
    public void defaults_apply_when_only_ports_are_given()
    {
        var o = OptionsOf(CommandLine("--allow-ports", "20000-20010"));
        Assert.Equal(
            (null, "./data", 11111, 30000, "portkeeper", "portkeeper", "/port-registrations", TimeSpan.FromSeconds(5), false, 65536),
            (o.FrpsConfig, o.DataDir, o.SiloPort, o.GatewayPort, o.ClusterId, o.ServiceId, o.PluginPath, o.AnswerTimeout, o.AllowEmptyUser, o.MaxBodyBytes));
    }

    [Fact]
    public void frps_config_gives_the_range_singleton()
    {
        Assert.Equal("6000-6999,7001-7100,20000-20999", Settings(CommandLine("--frps-config", FixtureToml, "--exclude-ports", "9000")).Pools.Default.Range.ToString());
    }

    [Fact]
    public void load_throws_one_start_up_error_naming_every_bad_setting()
    {
        var e = Assert.Throws<StartupException>(() => PortKeeperSettings.Load(CommandLine("--silo-port", "30000")));
        Assert.Equal(StartupFailure.Setting, e.Failure);
        Assert.Equal(("--silo-port and --gateway-port are both 30000; Orleans needs two different ports; set --allow-ports or --frps-config with allowPorts", NodeRunner.BadSetting), NodeRunner.Describe(e));
    }

    [Fact]
    public void kubernetes_takes_the_pod_from_the_environment()
    {
        var configuration = CommandLine("--allow-ports", "20000-20010", "--kubernetes", "true", "--postgres", "Host=db");
        var pod = Inputs with { Variable = name => name is "POD_NAME" or "POD_NAMESPACE" or "POD_IP" ? "x" : null };
        var half = Inputs with { Variable = name => name is "POD_IP" ? "10.0.0.5" : null };

        Assert.True(Assert.IsType<SettingsRead.Ok>(PortKeeperSettings.Read(configuration, pod)).Settings.Options.Kubernetes);
        Assert.Equal("--kubernetes: needs POD_NAME, POD_NAMESPACE set from the pod (Kubernetes downward API)", Assert.IsType<SettingsRead.Failed>(PortKeeperSettings.Read(configuration, half)).Line);
        Assert.Equal("--kubernetes: needs --postgres: the cluster's membership lives in PostgreSQL",
            Assert.IsType<SettingsRead.Failed>(PortKeeperSettings.Read(CommandLine("--allow-ports", "20000-20010", "--kubernetes", "true"), pod)).Line);
    }

    [Fact]
    public void frps_configs_and_import_data_are_read_through_the_inputs()
    {
        var inputs = Inputs with
        {
            ReadFrps = path => FrpsConfigReader.Parse(path, "bindPort = 7000\nallowPorts = [{ start = 40000, end = 40009 }]"),
            ImportProblem = path => path == "/old/db.json" ? null : $"'{path}' is no file or folder",
        };

        var settings = Assert.IsType<SettingsRead.Ok>(PortKeeperSettings.Read(CommandLine("--frps-config", "/virtual/frps.toml", "--import", "/old/db.json"), inputs)).Settings;

        Assert.Equal("40000-40009", settings.Pools.Default.Range.ToString());
        Assert.Equal("--import: '/nowhere' is no file or folder", Assert.IsType<SettingsRead.Failed>(PortKeeperSettings.Read(CommandLine("--allow-ports", "1-2", "--import", "/nowhere"), inputs)).Line);
    }

    public static TheoryData<Exception, string, int> StartupFailures => new()
    {
        { new StartupException(StartupFailure.Setting, "--silo-port: 0 is not a port (1-65535)"), "--silo-port: 0 is not a port (1-65535)", NodeRunner.BadSetting },
        { new StartupException(StartupFailure.ClusterPorts, "this node's ports differ"), "this node's ports differ", NodeRunner.BadSetting },
        { new StartupException(StartupFailure.PostgresDatabase, "PostgreSQL at db refused the connection"), "PostgreSQL at db refused the connection", NodeRunner.BadSetting },
        { new StartupException(StartupFailure.SqliteDatabase, "cannot open or write the database 'x'"), "cannot start: cannot open or write the database 'x'", NodeRunner.CannotStart },
        { new InvalidOperationException("wrapped", new StartupException(StartupFailure.Setting, "--import: bad")), "--import: bad", NodeRunner.BadSetting },
        { new OptionsValidationException(Options.DefaultName, typeof(object), ["Orleans: bad", "Orleans: bad"]), "Orleans: bad", NodeRunner.BadSetting },
        { new IOException("port 8080 (--urls) is already in use"), "cannot start: port 8080 (--urls) is already in use", NodeRunner.CannotStart },
        { new InvalidOperationException("boom"), "cannot start: boom", NodeRunner.CannotStart },
    };

    [Theory]
    [MemberData(nameof(StartupFailures))]
    public void startup_failure_gives_one_line_and_its_exit_code(Exception e, string line, int exitCode) =>
        Assert.Equal((line, exitCode), NodeRunner.Describe(e));

    [Fact]
    public void startup_error_looks_inside_aggregates()
    {
        var inner = new StartupException(StartupFailure.Setting, "--silo-port: 0 is not a port (1-65535)");
        Assert.Equal("--silo-port: 0 is not a port (1-65535)", NodeRunner.Describe(new AggregateException(new InvalidOperationException("x"), inner)).Line);
    }
}
