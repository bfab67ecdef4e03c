namespace PortKeeper.Integration.Tests.Processes;

public sealed class ImportTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("portkeeper-import-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    private static string Legacy(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", "legacy", name);

    [Fact]
    public async Task go_keeper_users_keep_their_ports_after_the_switch_and_after_a_second_import()
    {
        string[] args = ["--allow-ports", "6000-6010", "--data-dir", _data, "--import", Legacy("frp-port-keeper-go")];
        await using (var node = await NodeProcess.StartAsync(args))
        {
            Assert.Equal(6001, (await node.Http.NewProxyAsync("laptop", "ssh")).GrantedPort());
            Assert.Equal(6002, (await node.Http.NewProxyAsync("nas", "web ui", "udp")).GrantedPort());
            Assert.Equal(6003, (await node.Http.NewProxyAsync("router", "admin")).GrantedPort());
            Assert.Equal(6004, (await node.Http.NewProxyAsync("cam2", "rtsp")).GrantedPort());
            var cam1 = (await node.Http.NewProxyAsync("cam1", "rtsp")).GrantedPort();
            Assert.NotNull(cam1);
            Assert.DoesNotContain(cam1.Value, (int[])[6000, 6001, 6002, 6003, 6004]);
            Assert.Contains("Imported", node.Output, StringComparison.Ordinal);
        }

        await using var again = await NodeProcess.StartAsync(args);
        Assert.Equal(6000, (await again.Http.NewProxyAsync("myiphone", "my_wireguard_proxy", "udp")).GrantedPort());
        Assert.Equal(6001, (await again.Http.NewProxyAsync("laptop", "ssh")).GrantedPort());
    }

    [Fact]
    public async Task import_path_that_does_not_exist_stops_start_up_with_one_line()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            NodeProcess.StartAsync("--allow-ports", "6000-6010", "--data-dir", _data, "--import", "/nowhere/gokv"));

        Assert.Contains("--import: '/nowhere/gokv' is no file or folder", error.Message, StringComparison.Ordinal);
    }
}
