namespace PortKeeper.Integration.Tests.Processes;

public sealed class PoolRestartTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("portkeeper-pools-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task a_proxy_keeps_its_port_in_its_pool_across_a_restart_on_the_embedded_store()
    {
        string[] args = ["--allow-ports", "21000-21999", "--pool", "eu=21000-21999", "--pool", "us=22000-22009", "--data-dir", _data];
        int? home, eu, us;
        await using (var node = await NodeProcess.StartAsync(args))
        {
            home = (await node.Http.NewProxyAsync("mia", "ssh")).GrantedPort();
            eu = (await node.Http.NewProxyAsync("mia", "ssh", pool: "eu")).GrantedPort();
            us = (await node.Http.NewProxyAsync("mia", "ssh", pool: "us")).GrantedPort();
            await node.StopAsync();
        }

        await using var restarted = await NodeProcess.StartAsync(args);

        Assert.Equal(home, (await restarted.Http.NewProxyAsync("mia", "ssh")).GrantedPort());
        Assert.Equal(eu, (await restarted.Http.NewProxyAsync("mia", "ssh", pool: "eu")).GrantedPort());
        Assert.Equal(us, (await restarted.Http.NewProxyAsync("mia", "ssh", pool: "us")).GrantedPort());
        Assert.InRange(us!.Value, 22000, 22009);
        Assert.Contains("Port pool ready: pool us, allow ports 22000-22009", restarted.Output, StringComparison.Ordinal);
    }
}
