namespace PortKeeper.Integration.Tests.Processes;

/// <summary><c>--help</c> and <c>--version</c> of the executable, as a user types them.</summary>
public sealed class CommandLineInfoTests
{
    [Fact]
    public async Task help_prints_every_option_on_a_line_of_its_own_and_exits_0()
    {
        var (exitCode, output, error) = await NodeProcess.RunProgramAsync("Gateway", "--help");

        Assert.True(exitCode == 0, $"exit {exitCode}\n{output}\n{error}");
        Assert.Equal("", error);
        var lines = output.Split('\n');
        Assert.Equal("usage: dotnet PortKeeper.Gateway.dll [options]", lines[1]);
        string[] switches =
        [
            "--urls", "--allow-ports", "--exclude-ports", "--frps-config", "--data-dir", "--postgres", "--role", "--advertise-address",
            "--accept-range-change", "--kubernetes", "--admin-token", "--lease-expiry", "--silo-port", "--gateway-port", "--cluster-id",
            "--service-id", "--plugin-path", "--answer-timeout", "--allow-empty-user", "--max-body-bytes", "--max-ports-per-user", "--import", "--help", "--version",
        ];
        foreach (var option in switches)
        {
            Assert.Single(lines, l => l.TrimStart().StartsWith(option + " ", StringComparison.Ordinal));
        }
        Assert.Contains(lines, l => l.TrimStart().StartsWith("--silo-port <port>", StringComparison.Ordinal) && l.EndsWith("(default 11111)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.TrimStart().StartsWith("--answer-timeout <duration>", StringComparison.Ordinal) && l.EndsWith("(default 5s)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task version_prints_the_program_and_its_version_and_exits_0()
    {
        var version = typeof(PortKeeper.Silo.Hosting.NodeRunner).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .Cast<System.Reflection.AssemblyInformationalVersionAttribute>().Single().InformationalVersion;

        var (exitCode, output, error) = await NodeProcess.RunProgramAsync("Gateway", "--version");

        Assert.True(exitCode == 0, $"exit {exitCode}\n{output}\n{error}");
        Assert.Equal($"portkeeper {version}\n", output);
        Assert.Equal("", error);
    }
}
