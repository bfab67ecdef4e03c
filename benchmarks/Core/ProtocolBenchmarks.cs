using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using PortKeeper.Gateway.Plugin;

namespace PortKeeper.Benchmarks;

/// <summary>The gateway's pure work per NewProxy: parse the body, and write the answer echoing the content.</summary>
public class ProtocolBenchmarks
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes(
        """{"version":"0.1.0","op":"NewProxy","content":{"user":{"user":"bench","metas":null,"run_id":"5c4b1c8b0a2e7f31"},"proxy_name":"bench.p1","proxy_type":"tcp","use_encryption":false,"use_compression":true,"bandwidth_limit":"","group":"","group_key":"","local_ip":"127.0.0.1","local_port":22}}""");

    private readonly PluginRequest.NewProxy _parsed = (PluginRequest.NewProxy)PluginRequests.Parse(Body, "NewProxy");

    [Benchmark]
    public PluginRequest Parse() => PluginRequests.Parse(Body, "NewProxy");

    [Benchmark]
    public byte[] Answer() => JsonSerializer.SerializeToUtf8Bytes(
        PluginResponse.Changed(PluginAnswers.WithRemotePort(_parsed.Content, 23456)));
}
