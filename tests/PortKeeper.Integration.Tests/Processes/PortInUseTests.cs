namespace PortKeeper.Integration.Tests.Processes;

/// <summary>A second node on one host whose HTTP, silo or gateway port the first node holds.</summary>
public sealed class PortInUseTests : IDisposable
{
    private readonly string _first = Directory.CreateTempSubdirectory("portkeeper-port-first-").FullName;
    private readonly string _second = Directory.CreateTempSubdirectory("portkeeper-port-second-").FullName;

    public void Dispose()
    {
        Directory.Delete(_first, recursive: true);
        Directory.Delete(_second, recursive: true);
    }

    [Fact]
    public async Task a_node_whose_port_another_node_holds_refuses_to_start_with_one_line_naming_port_and_option()
    {
        (int Http, int Silo, int Gateway) taken = default;
        await using var first = await NodeProcess.StartAsync(ports =>
        {
            taken = ports;
            return ["--allow-ports", "20000-20010", "--data-dir", _first];
        });

        foreach (var (option, port) in new[] { ("--urls", taken.Http), ("--silo-port", taken.Silo), ("--gateway-port", taken.Gateway) })
        {
            var free = NodeProcess.FreePorts(3);
            var http = option == "--urls" ? port : free[0];
            var silo = option == "--silo-port" ? port : free[1];
            var gateway = option == "--gateway-port" ? port : free[2];

            var (exitCode, output, error) = await NodeProcess.RunProgramAsync("Gateway",
                "--urls", $"http://127.0.0.1:{http}", "--silo-port", $"{silo}", "--gateway-port", $"{gateway}",
                "--allow-ports", "20000-20010", "--data-dir", _second);

            Assert.True(exitCode == 1, $"{option}: exit {exitCode}\n{output}\n{error}");
            Assert.Equal(
                $"portkeeper: cannot start: port {port} ({option}) is already in use on 127.0.0.1 by another process; give this node another {option}\n",
                error);
        }
        Assert.NotNull((await first.Http.NewProxyAsync("still", "here")).GrantedPort());
    }

    [Fact]
    public async Task a_silo_node_whose_silo_port_a_node_holds_refuses_to_start()
    {
        (int Http, int Silo, int Gateway) taken = default;
        await using var first = await NodeProcess.StartAsync(ports =>
        {
            taken = ports;
            return ["--allow-ports", "20000-20010", "--data-dir", _first];
        });

        var (exitCode, output, error) = await NodeProcess.RunProgramAsync("Gateway", "--role", "silo", "--urls", $"http://127.0.0.1:{NodeProcess.FreePort()}",
            "--silo-port", $"{taken.Silo}", "--gateway-port", $"{NodeProcess.FreePort()}", "--allow-ports", "20000-20010", "--data-dir", _second);

        Assert.True(exitCode == 1, $"exit {exitCode}\n{output}\n{error}");
        Assert.Equal($"portkeeper: cannot start: port {taken.Silo} (--silo-port) is already in use on 127.0.0.1 by another process; give this node another --silo-port\n", error);
    }
}
