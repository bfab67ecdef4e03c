using PortKeeper.Domain;
using PortKeeper.Silo.Configuration;
using YamlDotNet.RepresentationModel;

namespace PortKeeper.Integration.Tests.Deploy;

/// <summary>
/// deploy/kubernetes/portkeeper.yaml, checked without a cluster: each object's required fields,
/// the references between them, and the options its PortKeeper containers pass.
/// </summary>
public sealed class KubernetesManifestTests
{
    private static readonly IReadOnlyList<YamlMappingNode> Objects = DeployFiles.YamlDocuments("kubernetes/portkeeper.yaml");

    private static IEnumerable<YamlNode> Workloads => Objects.Where(o => o.Text("kind") is "Deployment" or "StatefulSet" or "DaemonSet");

    private static IEnumerable<(YamlNode Pod, YamlNode Container)> PortKeeperContainers =>
        Workloads.Select(w => w.At("spec", "template", "spec")!)
            .SelectMany(pod => pod.Items("containers").Select(c => (pod, c)))
            .Where(p => p.c.Text("image")!.StartsWith("portkeeper:", StringComparison.Ordinal));

    [Fact]
    public void every_object_has_an_api_version_a_kind_and_a_unique_name()
    {
        Assert.All(Objects, o =>
        {
            Assert.False(string.IsNullOrEmpty(o.Text("apiVersion")));
            Assert.False(string.IsNullOrEmpty(o.Text("kind")));
            Assert.Matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", o.Text("metadata", "name") ?? "");
        });
        Assert.Equal(Objects.Count, Objects.Select(o => (o.Text("kind"), o.Text("metadata", "name"))).Distinct().Count());
    }

    [Fact]
    public void workloads_select_their_own_pods_and_name_only_what_the_file_defines()
    {
        Assert.NotEmpty(Workloads);
        foreach (var workload in Workloads)
        {
            var labels = (YamlMappingNode)workload.At("spec", "template", "metadata", "labels")!;
            foreach (var (key, value) in (YamlMappingNode)workload.At("spec", "selector", "matchLabels")!)
            {
                Assert.Equal(value, labels.Children[key]);
            }
            var pod = workload.At("spec", "template", "spec")!;
            if (pod.Text("serviceAccountName") is { } account)
            {
                Assert.Contains(Objects, o => o.Text("kind") == "ServiceAccount" && o.Text("metadata", "name") == account);
            }
            var volumes = pod.Items("volumes").Select(v => v.Text("name")).ToHashSet();
            foreach (var container in pod.Items("containers"))
            {
                Assert.False(string.IsNullOrEmpty(container.Text("name")));
                Assert.False(string.IsNullOrEmpty(container.Text("image")));
                Assert.All(container.Items("volumeMounts"), m => Assert.Contains(m.Text("name"), volumes));
                foreach (var secret in container.Items("env").Select(e => e.At("valueFrom", "secretKeyRef")).OfType<YamlNode>())
                {
                    Assert.Contains(Objects, o => o.Text("kind") == "Secret" && o.Text("metadata", "name") == secret.Text("name")
                        && o.Text("stringData", secret.Text("key")!) is not null);
                }
            }
            foreach (var map in pod.Items("volumes").Select(v => v.Text("configMap", "name")).OfType<string>())
            {
                Assert.Contains(Objects, o => o.Text("kind") == "ConfigMap" && o.Text("metadata", "name") == map);
            }
        }
        var binding = Objects.Single(o => o.Text("kind") == "RoleBinding");
        Assert.Contains(Objects, o => o.Text("kind") == binding.Text("roleRef", "kind") && o.Text("metadata", "name") == binding.Text("roleRef", "name"));
    }

    [Fact]
    public void portkeeper_containers_pass_options_the_executable_takes_with_probes_on_its_address()
    {
        Assert.Equal(["gateway", "silo"], PortKeeperContainers.Select(p => Role(p.Container)).Order());
        foreach (var (pod, container) in PortKeeperContainers)
        {
            var args = container.Texts("args");
            var env = container.Items("env").ToDictionary(e => e.Text("name")!, e => e);
            Assert.IsType<Parsed<IReadOnlyList<KeyValuePair<string, string>>>.Ok>(PortKeeperCommandLine.Read(args));
            Assert.All(env.Keys.Where(k => k.StartsWith("PortKeeper__", StringComparison.Ordinal)),
                name => Assert.Contains(name["PortKeeper__".Length..].Split("__")[0], NodeOptions.ByProperty.Keys));
            // Both roles find each other through PostgreSQL.
            Assert.Contains("PortKeeper__Postgres", env.Keys);
            if (DeployFiles.ValueOf(args, "--kubernetes") == "true")
            {
                Assert.All(new[] { "POD_NAME", "POD_NAMESPACE", "POD_IP" }, name => Assert.NotNull(env[name].At("valueFrom", "fieldRef")));
            }
            var urls = new Uri(DeployFiles.ValueOf(args, "--urls")!);
            // The kubelet probes a pod-network pod at its pod IP, a host-network pod on the node's loopback.
            var hostNetwork = pod.Text("hostNetwork") == "true";
            Assert.Equal(hostNetwork ? "127.0.0.1" : "0.0.0.0", urls.Host);
            foreach (var (probe, path) in new[] { ("readinessProbe", "/healthz/ready"), ("livenessProbe", "/healthz/live") })
            {
                Assert.Equal(path, container.Text(probe, "httpGet", "path"));
                Assert.Equal($"{urls.Port}", container.Text(probe, "httpGet", "port"));
                Assert.Equal(hostNetwork ? "127.0.0.1" : null, container.Text(probe, "httpGet", "host"));
            }
        }
    }

    [Fact]
    public void frps_calls_the_gateway_beside_it_and_shares_the_silos_range()
    {
        var frps = Objects.Single(o => o.Text("kind") == "ConfigMap").Text("data", "frps.toml")!;
        var gateway = PortKeeperContainers.Single(p => Role(p.Container) == "gateway").Container.Texts("args");
        var silo = PortKeeperContainers.Single(p => Role(p.Container) == "silo").Container.Texts("args");

        var settings = Assert.IsType<Parsed<FrpsSettings>.Ok>(FrpsConfigReader.Parse("frps.toml", frps)).Value;

        Assert.Equal(DeployFiles.ValueOf(silo, "--allow-ports"), settings.AllowPorts?.ToString());
        Assert.Contains($"addr = \"{new Uri(DeployFiles.ValueOf(gateway, "--urls")!).Authority}\"", frps, StringComparison.Ordinal);
    }

    private static string Role(YamlNode container) => DeployFiles.ValueOf(container.Texts("args"), "--role") ?? "combined";
}
