using PortKeeper.Domain;
using PortKeeper.Integration.Tests.Processes;
using PortKeeper.Silo.Configuration;
using PortKeeper.Silo.Hosting;

namespace PortKeeper.Integration.Tests.Deploy;

/// <summary>
/// deploy/systemd, checked by systemd's own tools against a folder laid out as an installed host
/// (the units in /etc/systemd/system, the executable at /opt/portkeeper/portkeeper), and read for
/// what the executable expects of them. systemd itself is not running here.
/// </summary>
public sealed class SystemdUnitTests
{
    private const string Executable = "/opt/portkeeper/portkeeper";

    private static readonly string[] Units = ["portkeeper.service", "portkeeper-silo.service", "portkeeper-gateway.service"];

    [Fact]
    public async Task units_pass_systemd_analyze_verify_without_a_word()
    {
        var root = InstalledRoot();
        try
        {
            var (exitCode, output, error) = await SystemdAnalyzeAsync(["verify", "--man=no", $"--root={root}", .. Units]);

            Assert.True(exitCode == 0, $"exit {exitCode}\n{output}\n{error}");
            Assert.Equal("", output + error);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task units_rate_ok_or_better_in_systemd_analyze_security()
    {
        var root = InstalledRoot();
        try
        {
            // An exposure of 3.5 or less (of 10) is what systemd-analyze rates OK, SAFE or PERFECT.
            var (exitCode, output, error) = await SystemdAnalyzeAsync(["security", "--offline=yes", "--threshold=35", $"--root={root}", .. Units]);

            Assert.True(exitCode == 0, $"exit {exitCode}\n{output}\n{error}");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Theory]
    [InlineData("portkeeper.service", "combined")]
    [InlineData("portkeeper-silo.service", "silo")]
    [InlineData("portkeeper-gateway.service", "gateway")]
    public void unit_runs_the_installed_executable_as_a_notify_service_with_options_it_takes(string unit, string role)
    {
        var service = Service(unit);
        var command = service["ExecStart"].Split(' ', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("notify", service["Type"]);
        Assert.Equal(Executable, command[0]);
        Assert.IsType<Parsed<IReadOnlyList<KeyValuePair<string, string>>>.Ok>(PortKeeperCommandLine.Read(command[1..]));
        Assert.Equal(role, DeployFiles.ValueOf(command, "--role") ?? "combined");
        Assert.Equal("on-failure", service["Restart"]);
        Assert.Equal($"{NodeRunner.BadSetting}", service["RestartPreventExitStatus"]);
        Assert.Equal("yes", service["DynamicUser"]);
        Assert.Equal("strict", service["ProtectSystem"]);
        Assert.Equal("yes", service["NoNewPrivileges"]);
        if (role == "combined")
        {
            // The embedded database lives in the unit's state directory.
            Assert.Equal("portkeeper", service["StateDirectory"]);
            Assert.Equal("/var/lib/portkeeper", DeployFiles.ValueOf(command, "--data-dir"));
        }
    }

    [Fact]
    public void environment_file_names_only_options_of_the_executable()
    {
        var names = File.ReadLines(DeployFiles.PathOf("systemd/portkeeper.env"))
            .Select(l => l.TrimStart('#', ' '))
            .Where(l => l.StartsWith("PortKeeper__", StringComparison.Ordinal))
            .Select(l => l["PortKeeper__".Length..l.IndexOf('=', StringComparison.Ordinal)])
            .ToList();

        Assert.NotEmpty(names);
        Assert.All(names, name => Assert.Contains(name, NodeOptions.ByProperty.Keys));
    }

    /// <summary>The [Service] section's settings; of a setting given twice, the last.</summary>
    private static Dictionary<string, string> Service(string unit)
    {
        var section = "";
        var settings = new Dictionary<string, string>();
        foreach (var line in File.ReadLines(DeployFiles.PathOf($"systemd/{unit}")).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            if (line.StartsWith('['))
            {
                section = line;
            }
            else if (section == "[Service]" && line.IndexOf('=', StringComparison.Ordinal) is var equals and > 0)
            {
                settings[line[..equals]] = line[(equals + 1)..];
            }
        }
        return settings;
    }

    /// <summary>A folder laid out as a host with the units installed: systemd's own units, ours, and an executable stub.</summary>
    private static string InstalledRoot()
    {
        const string systemUnits = "/usr/lib/systemd/system";
        if (!Directory.Exists(systemUnits))
        {
            throw new InvalidOperationException($"{systemUnits} is missing: run scripts/install-systemd.sh");
        }
        var root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"portkeeper-units-{Guid.NewGuid():N}")).FullName;
        var units = Directory.CreateDirectory(Path.Combine(root, "etc/systemd/system")).FullName;
        var shipped = Directory.CreateDirectory(Path.Combine(root, systemUnits.TrimStart('/'))).FullName;
        foreach (var file in Directory.EnumerateFiles(systemUnits))
        {
            File.Copy(file, Path.Combine(shipped, Path.GetFileName(file)));
        }
        foreach (var unit in Units)
        {
            File.Copy(DeployFiles.PathOf($"systemd/{unit}"), Path.Combine(units, unit));
        }
        var executable = Path.Combine(root, Executable.TrimStart('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(executable)!);
        File.WriteAllText(executable, "#!/bin/sh\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(executable, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return root;
    }

    private static Task<(int ExitCode, string Output, string Error)> SystemdAnalyzeAsync(string[] args) =>
        NodeProcess.RunProgramAsync(new NodeCommand("systemd-analyze", [], new Dictionary<string, string>(), CleanEnvironment: false), args);
}
