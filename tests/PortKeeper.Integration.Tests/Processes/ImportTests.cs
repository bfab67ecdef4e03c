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

    private const string Token = "import-admin-token-0123";

    [Fact]
    public async Task imported_leases_are_offline_with_their_legacy_grant_time_and_a_released_one_never_comes_back()
    {
        var gokv = Path.Combine(Legacy("frp-port-keeper-go"), "gokv");
        string[] args = ["--allow-ports", "6000-6010", "--data-dir", _data, "--admin-token", Token, "--import", Legacy("frp-port-keeper-go")];
        var started = DateTimeOffset.UtcNow;
        await using (var node = await NodeProcess.StartAsync(args))
        {
            var laptop = await node.Http.LeaseAsync(Token, "tcp/proxy/laptop.ssh");
            using var released = await node.Http.AdminSendAsync(Token, HttpMethod.Delete, "/leases/tcp/proxy/laptop.ssh");

            Assert.Equal(6001, laptop?["port"]?.GetValue<int>());
            Assert.False(laptop?["online"]?.GetValue<bool>());
            Assert.Equal(DateTimeOffset.Parse("2023-06-12T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture), laptop?["grantedAt"]?.GetValue<DateTimeOffset>());
            Assert.True(laptop?["lastSeen"]?.GetValue<DateTimeOffset>() >= started.AddSeconds(-1));
            Assert.Equal(System.Net.HttpStatusCode.OK, released.StatusCode);
            Assert.Contains(Path.Combine(gokv, "cam1.rtsp.json"), node.Output, StringComparison.Ordinal);
        }

        await using var again = await NodeProcess.StartAsync([.. args, "--lease-expiry", "2s"]);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, await again.Http.LeaseStatusAsync(Token, "tcp/proxy/laptop.ssh"));
        Assert.True(await again.Http.LeaseGoneAsync(Token, "udp/proxy/myiphone.my_wireguard_proxy"), $"an imported lease whose proxy never came did not expire:\n{again.Output}");
        Assert.Contains("taken over by an earlier import", again.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("frps.toml", "allowPorts = [{ start = 6000, end = 6010 }]")]
    [InlineData("db.json", "{\"proxies\": {\"a.b\": 6000")]
    [InlineData("ports.map", "this is not\na ports map")]
    public async Task import_of_data_that_is_no_keeper_format_stops_start_up_with_one_line_naming_the_file(string name, string text)
    {
        var file = Path.Combine(_data, name);
        await File.WriteAllTextAsync(file, text);

        var (exitCode, output) = await NodeProcess.RunToExitAsync("--allow-ports", "6000-6010", "--data-dir", Path.Combine(_data, "store"), "--import", file);

        Assert.Equal(2, exitCode);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), l => l.Contains("--import", StringComparison.Ordinal));
        Assert.Contains(file, line, StringComparison.Ordinal);
    }
}
