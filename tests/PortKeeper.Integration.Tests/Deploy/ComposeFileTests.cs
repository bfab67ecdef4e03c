using PortKeeper.Domain;
using PortKeeper.Silo.Configuration;

namespace PortKeeper.Integration.Tests.Deploy;

/// <summary>deploy/compose, checked without a Docker engine: the compose file and the image definition.</summary>
public sealed class ComposeFileTests
{
    [Fact]
    public void nodes_are_built_from_the_dockerfile_and_pass_options_the_executable_takes()
    {
        var services = DeployFiles.YamlDocuments("compose/compose.yaml").Single().At("services")!;
        var nodes = ((YamlDotNet.RepresentationModel.YamlMappingNode)services).Children
            .Where(s => s.Value.At("build") is not null).Select(s => s.Value).ToList();

        Assert.Equal(2, nodes.Count);
        Assert.All(nodes, node =>
        {
            Assert.Equal("deploy/compose/Dockerfile", node.Text("build", "dockerfile"));
            Assert.True(File.Exists(Path.Combine(DeployFiles.PathOf("compose"), node.Text("build", "context")!, node.Text("build", "dockerfile")!)));
            Assert.IsType<Parsed<IReadOnlyList<KeyValuePair<string, string>>>.Ok>(PortKeeperCommandLine.Read(node.Texts("command")));
            var environment = (YamlDotNet.RepresentationModel.YamlMappingNode)node.At("environment")!;
            Assert.All(environment.Children.Keys.Select(k => k.ToString()),
                name => Assert.Contains(name["PortKeeper__".Length..], NodeOptions.ByProperty.Keys));
        });
    }

    [Fact]
    public void image_is_built_in_stages_runs_unprivileged_keeps_data_in_a_volume_and_checks_readiness()
    {
        var instructions = DeployFiles.Instructions();
        var final = instructions.Skip(instructions.ToList().FindLastIndex(i => i.StartsWith("FROM ", StringComparison.Ordinal))).ToList();

        Assert.True(instructions.Count(i => i.StartsWith("FROM ", StringComparison.Ordinal)) >= 2);
        Assert.Contains("USER $APP_UID", final);
        Assert.Contains("VOLUME /data", final);
        Assert.Contains("ENV PortKeeper__DataDir=/data", final);
        Assert.Contains("ENTRYPOINT [\"/opt/portkeeper/portkeeper\"]", final);
        Assert.Contains(DeployFiles.HealthCheck(), part => part.Contains("/healthz/ready", StringComparison.Ordinal));
    }
}
