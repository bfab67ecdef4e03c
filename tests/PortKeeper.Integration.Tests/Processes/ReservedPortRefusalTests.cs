namespace PortKeeper.Integration.Tests.Processes;

/// <summary>A client asking for a port frps or PortKeeper listens on is told so, not that the port is outside the range.</summary>
public sealed class ReservedPortRefusalTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("portkeeper-reserved-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task asking_for_frps_own_port_or_the_nodes_own_port_is_refused_naming_who_uses_it()
    {
        var frps = Path.Combine(_data, "frps.toml");
        await using var node = await NodeProcess.StartAsync(own =>
        {
            File.WriteAllText(frps, $$"""
                bindPort = 7000
                webServer.port = 7005
                allowPorts = [{ start = 7000, end = 7010 }, { single = {{own.Silo}} }, { single = {{own.Gateway}} }]
                """);
            return ["--frps-config", frps, "--data-dir", Path.Combine(_data, "data")];
        });

        var bind = await node.Http.NewProxyAsync("alice", "ssh", remotePort: 7000);
        var web = await node.Http.NewProxyAsync("alice", "dash", "udp", remotePort: 7005);
        var silo = await node.Http.NewProxyAsync("alice", "web", remotePort: node.SiloPort);
        var free = await node.Http.NewProxyAsync("alice", "db", remotePort: 7001);

        Assert.Equal("tcp port 7000 of proxy 'alice.ssh' is used by frps itself, so no proxy can have it; "
            + $"remove remotePort from its frpc config or choose another port of 7001-7004,7006-7010", Reason(bind));
        Assert.StartsWith("udp port 7005 of proxy 'alice.dash' is used by frps itself, so no proxy can have it;", Reason(web), StringComparison.Ordinal);
        Assert.StartsWith($"tcp port {node.SiloPort} of proxy 'alice.web' is used by PortKeeper itself (its --silo-port), so no proxy can have it;",
            Reason(silo), StringComparison.Ordinal);
        Assert.Equal(7001, free.GrantedPort());
    }

    private static string Reason(System.Text.Json.Nodes.JsonObject answer) =>
        answer["reject"]?.GetValue<bool>() == true ? answer["reject_reason"]!.GetValue<string>() : $"not refused: {answer}";
}
