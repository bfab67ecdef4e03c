using System.Text.Json.Nodes;

namespace PortKeeper.Integration.Tests.Processes;

/// <summary>The runtime settings the built executable really starts with.</summary>
public sealed class RuntimeConfigTests
{
    [Fact]
    public void the_executable_runs_workstation_gc_with_background_collections()
    {
        const string file = "PortKeeper.Gateway.runtimeconfig.json";
        var config = JsonNode.Parse(File.ReadAllText(NodeProcess.BuiltDll("Gateway", file)))!;
        var properties = config["runtimeOptions"]?["configProperties"];

        Assert.False(properties?["System.GC.Server"]?.GetValue<bool>() ?? true, $"{file}: {properties}");
        Assert.True(properties?["System.GC.Concurrent"]?.GetValue<bool>() ?? false, $"{file}: {properties}");
    }
}
