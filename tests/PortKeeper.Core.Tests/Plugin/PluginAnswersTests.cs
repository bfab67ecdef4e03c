using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using PortKeeper.Contracts;
using PortKeeper.Grains;
using PortKeeper.Gateway.Plugin;

namespace PortKeeper.Core.Tests.Plugin;

public sealed class PluginAnswersTests
{
    private static readonly LeaseKey TcpKey = LeaseKey.ForProxy(Contracts.Protocol.Tcp, "user", "bob.ssh");
    private static readonly LeaseKey UdpKey = LeaseKey.ForProxy(Contracts.Protocol.Udp, "user", "bob.ssh");

    [Fact]
    public void unchanged_is_reject_false_unchange_true_and_nothing_else() =>
        Assert.Equal((200, """{"reject":false,"unchange":true}"""), Wire(new PluginOutcome.Unchanged()));

    [Fact]
    public void invalid_is_400_validateerr_with_the_message() =>
        Assert.Equal((400, """{"error":"VALIDATEERR","message":"bad thing"}"""), Wire(new PluginOutcome.Invalid("bad thing")));

    [Fact]
    public void granted_echoes_every_field_with_remote_port_set()
    {
        var content = JsonNode.Parse("""{"user":{"user":"bob","metas":null,"run_id":"r"},"proxy_name":"bob.ssh","proxy_type":"tcp","remote_port":0,"x_unknown":{"a":[1,null]}}""")!.AsObject();
        var before = content.ToJsonString();

        var wire = Wire(new PluginOutcome.Leased(Proxy(content), TcpKey, new Allocation.Granted(6001, IsNew: true)));

        Assert.Equal(
            (200, """{"reject":false,"unchange":false,"content":{"user":{"user":"bob","metas":null,"run_id":"r"},"proxy_name":"bob.ssh","proxy_type":"tcp","remote_port":6001,"x_unknown":{"a":[1,null]}}}"""),
            wire);
        Assert.Equal(before, content.ToJsonString());
    }

    public static TheoryData<PluginOutcome, string[]> Refusals => new()
    {
        { new PluginOutcome.Leased(Proxy([]), TcpKey, new Allocation.HeldByAnother(6100)), ["tcp port 6100", "'bob.ssh'", "remotePort"] },
        { new PluginOutcome.Leased(Proxy([]), UdpKey, new Allocation.NotInRange(80, "6000-7000")), ["udp port 80", "'bob.ssh'", "6000-7000"] },
        { new PluginOutcome.Leased(Proxy([]), TcpKey, new Allocation.PoolFull("6000-7000,9000")), ["no free tcp port", "'bob.ssh'", "6000-7000,9000"] },
        { new PluginOutcome.Leased(Proxy([]), TcpKey, new Allocation.Unavailable("the pool did not answer")), ["'bob.ssh'", "the pool did not answer", "retries"] },
        { new PluginOutcome.NoUser("ssh"), ["'ssh'", "set user", "frpc"] },
        { new PluginOutcome.NotRecorded("bob.ssh", TimeSpan.FromSeconds(5)), ["'bob.ssh'", "no answer within 5 s", "a node of its cluster may be down, or its storage slow", "frpc retries by itself"] },
        { new PluginOutcome.NotRecorded("bob.ssh", TimeSpan.FromSeconds(5), FailureKind.NodeUnreachable), ["'bob.ssh'", "a node of its cluster is unreachable", "frpc retries by itself"] },
        { new PluginOutcome.NotRecorded("bob.ssh", TimeSpan.FromSeconds(5), FailureKind.StorageDown), ["'bob.ssh'", "its storage is down", "frpc retries by itself"] },
        { new PluginOutcome.NotRecorded("bob.ssh", TimeSpan.FromMilliseconds(1500)), ["within 1.5 s"] },
        { new PluginOutcome.Faulted(PluginOp.NewProxy), ["NewProxy", "log"] },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void refusal_is_200_reject_with_an_actionable_reason(PluginOutcome outcome, string[] mentions)
    {
        var ok = Assert.IsType<Ok<PluginResponse>>(PluginAnswers.For(outcome).Result);
        var body = JsonSerializer.SerializeToNode(ok.Value)!.AsObject();

        Assert.Equal(["reject", "reject_reason", "unchange"], body.Select(p => p.Key));
        Assert.True(body["reject"]!.GetValue<bool>());
        Assert.True(body["unchange"]!.GetValue<bool>());
        Assert.All(mentions, m => Assert.Contains(m, body["reject_reason"]!.GetValue<string>(), StringComparison.Ordinal));
    }

    private static PluginRequest.NewProxy Proxy(JsonObject content) => new("bob.ssh", "tcp", null, null, "bob", content);

    private static (int, string) Wire(PluginOutcome outcome) => PluginAnswers.For(outcome).Result switch
    {
        Ok<PluginResponse> ok => (ok.StatusCode, JsonSerializer.Serialize(ok.Value)),
        BadRequest<ValidationError> bad => (bad.StatusCode, JsonSerializer.Serialize(bad.Value)),
        var other => throw new InvalidOperationException($"unexpected {other}"),
    };
}
