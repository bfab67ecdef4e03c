using System.Text.Json.Nodes;

namespace PortKeeper.Integration.Tests.Processes;

/// <summary>The runtime settings the built executables really start with.</summary>
public sealed class RuntimeConfigTests
{
    [Theory]
    [InlineData("Gateway", "PortKeeper.Gateway.runtimeconfig.json")]
    [InlineData("Silo", "PortKeeper.Silo.runtimeconfig.json")]
    public void executables_run_workstation_gc_with_background_collections(string project, string file)
    {
        var config = JsonNode.Parse(File.ReadAllText(NodeProcess.BuiltDll(project, file)))!;
        var properties = config["runtimeOptions"]?["configProperties"];

        Assert.False(properties?["System.GC.Server"]?.GetValue<bool>() ?? true, $"{file}: {properties}");
        Assert.True(properties?["System.GC.Concurrent"]?.GetValue<bool>() ?? false, $"{file}: {properties}");
    }
}
