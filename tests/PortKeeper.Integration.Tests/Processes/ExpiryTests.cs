using System.Net;

namespace PortKeeper.Integration.Tests.Processes;

public sealed class ExpiryTests : IDisposable
{
    private const string Token = "expiry-admin-token-0123";
    private readonly string _data = Directory.CreateTempSubdirectory("portkeeper-expiry-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    /// <summary>The expiry test of any backend: only the proxy that closed and stayed away loses its port.</summary>
    internal static async Task OnlyTheProxyThatStayedAwayLosesItsPortAsync(NodeProcess node)
    {
        var gone = (await node.Http.NewProxyAsync("u", "gone")).GrantedPort();
        var back = (await node.Http.NewProxyAsync("u", "back")).GrantedPort();
        var online = (await node.Http.NewProxyAsync("u", "online")).GrantedPort();
        await node.Http.CloseProxyAsync("u", "gone");
        await node.Http.CloseProxyAsync("u", "back");
        Assert.Equal(back, (await node.Http.NewProxyAsync("u", "back")).GrantedPort());

        Assert.True(await node.Http.LeaseGoneAsync(Token, "tcp/proxy/u.gone"), $"the closed proxy's lease did not expire:\n{node.Output}");
        Assert.Equal(HttpStatusCode.OK, await node.Http.LeaseStatusAsync(Token, "tcp/proxy/u.back"));
        Assert.Equal(HttpStatusCode.OK, await node.Http.LeaseStatusAsync(Token, "tcp/proxy/u.online"));
        Assert.Equal(gone, (await node.Http.NewProxyAsync("v", "taker", remotePort: gone)).GrantedPort());
        Assert.Equal(online, (await node.Http.NewProxyAsync("u", "online")).GrantedPort());
        Assert.Contains("expired", node.Output, StringComparison.Ordinal);
    }

    internal static string[] Expiring(params string[] args) => ["--lease-expiry", "2s", "--admin-token", Token, .. args];

    [Fact]
    public async Task embedded_store_releases_the_port_of_a_proxy_offline_past_the_expiry_only()
    {
        await using var node = await NodeProcess.StartAsync(Expiring("--allow-ports", "20000-20999", "--data-dir", _data));

        await OnlyTheProxyThatStayedAwayLosesItsPortAsync(node);
    }
}
