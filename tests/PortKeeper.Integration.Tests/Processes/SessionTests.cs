using System.Net;

namespace PortKeeper.Integration.Tests.Processes;

/// <summary>Leases that must expire: a group whose members all closed, a proxy whose frpc session went silent.</summary>
public sealed class SessionTests : IDisposable
{
    private const string Token = "session-admin-token-0123";
    private readonly string _data = Directory.CreateTempSubdirectory("portkeeper-session-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    private Task<NodeProcess> StartAsync(params string[] args) => NodeProcess.StartAsync(
        ["--allow-ports", "21000-21099", "--data-dir", _data, "--admin-token", Token, .. args]);

    [Fact]
    public async Task group_goes_offline_when_its_last_member_closed_and_then_expires()
    {
        await using var node = await StartAsync("--lease-expiry", "2s");
        var port = (await node.Http.NewProxyAsync("alice", "web", group: "web")).GrantedPort();
        Assert.Equal(port, (await node.Http.NewProxyAsync("bob", "web", runId: "r2", group: "web")).GrantedPort());

        await node.Http.CloseProxyAsync("alice", "web");
        var oneLeft = await node.Http.LeaseAsync(Token, "tcp/group/web");
        using var refused = await node.Http.AdminSendAsync(Token, HttpMethod.Delete, "/leases/tcp/group/web");
        await node.Http.CloseProxyAsync("bob", "web", runId: "r2");

        Assert.True(oneLeft?["online"]?.GetValue<bool>(), $"the group went offline while a member was connected: {oneLeft}");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.True(await node.Http.LeaseGoneAsync(Token, "tcp/group/web"), $"the group whose members all closed did not expire:\n{node.Output}");
        Assert.Equal(port, (await node.Http.NewProxyAsync("carol", "taker", remotePort: port)).GrantedPort());
    }

    [Fact]
    public async Task proxy_whose_session_stopped_pinging_expires_while_pinging_and_never_pinging_sessions_keep_their_ports()
    {
        await using var node = await StartAsync("--lease-expiry", "2s", "--session-timeout", "2s");
        var lost = (await node.Http.NewProxyAsync("lost", "ssh", runId: "dead")).GrantedPort();
        await node.Http.NewProxyAsync("alive", "ssh", runId: "beating");
        await node.Http.NewProxyAsync("quiet", "ssh", runId: "no-heartbeat");
        var answer = await node.Http.PingAsync("lost", "dead");

        using var stop = new CancellationTokenSource();
        var heartbeat = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await node.Http.PingAsync("alive", "beating");
                await Task.Delay(250);
            }
        });
        var gone = await node.Http.LeaseGoneAsync(Token, "tcp/proxy/lost.ssh");
        var alive = await node.Http.LeaseAsync(Token, "tcp/proxy/alive.ssh");
        await stop.CancelAsync();
        await heartbeat;
        var quiet = await node.Http.LeaseAsync(Token, "tcp/proxy/quiet.ssh");

        Assert.False(answer["reject"]?.GetValue<bool>());
        Assert.True(answer["unchange"]?.GetValue<bool>());
        Assert.True(gone, $"the proxy of the silent session did not expire:\n{node.Output}");
        Assert.True(alive?["online"]?.GetValue<bool>(), $"the pinging session's proxy went offline: {alive}");
        Assert.True(quiet?["online"]?.GetValue<bool>(), $"a session never heard pinging was judged: {quiet}");
        Assert.Contains("not heard since", node.Output, StringComparison.Ordinal);
        Assert.Equal(lost, (await node.Http.NewProxyAsync("other", "taker", remotePort: lost)).GrantedPort());
    }

    [Fact]
    public async Task grouped_proxy_of_a_silent_session_leaves_its_group()
    {
        await using var node = await StartAsync("--session-timeout", "1s");
        await node.Http.NewProxyAsync("dana", "api", runId: "gone", group: "api");
        await node.Http.PingAsync("dana", "gone");

        await Deadlines.UntilAsync(
            () => node.Http.LeaseAsync(Token, "tcp/group/api"), group => group?["online"]?.GetValue<bool>() == false, Deadlines.Quick,
            group => $"the group of a silent session's only member to go offline ({group}):\n{node.Output}");

        using var released = await node.Http.AdminSendAsync(Token, HttpMethod.Delete, "/leases/tcp/group/api");
        Assert.Equal(HttpStatusCode.OK, released.StatusCode);
    }
}
