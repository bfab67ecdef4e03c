namespace PortKeeper.Integration.Tests.Processes;

/// <summary>A node never hands out a port it listens on itself.</summary>
public sealed class OwnPortsTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("portkeeper-own-ports-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task allow_ports_holding_the_nodes_http_silo_and_gateway_ports_hand_out_only_the_others_and_say_so_once()
    {
        var other = 0;
        await using var node = await NodeProcess.StartAsync(own =>
        {
            // A free port is free only now: the system may hand the same one out again.
            do
            {
                other = NodeProcess.FreePort();
            }
            while (other == own.Http || other == own.Silo || other == own.Gateway);
            return ["--allow-ports", $"{own.Http},{own.Silo},{own.Gateway},{other}", "--data-dir", _data];
        });

        var first = await node.Http.NewProxyAsync("own", "first");
        var second = await node.Http.NewProxyAsync("own", "second");
        var udp = await node.Http.NewProxyAsync("own", "first", "udp");

        Assert.Equal(other, first.GrantedPort());
        Assert.Null(second.GrantedPort());
        Assert.Contains($"every port of {other} is kept for another proxy", second["reject_reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(other, udp.GrantedPort());
        var http = node.BaseAddress.Port;
        var notice = $"The allow ports hold ports this node listens on itself, never handed out: {http} (--urls), {node.SiloPort} (--silo-port), ";
        Assert.Single(node.Output.Split('\n'), line => line.Contains(notice, StringComparison.Ordinal));
    }
}
