using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PortKeeper.Integration.Tests.Postgres;
using PortKeeper.Integration.Tests.Processes;

namespace PortKeeper.Integration.Tests.Status;

/// <summary>The status surface of a gateway node in front of a dedicated silo, on PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class StatusClusterTests(PostgresServer server)
{
    [Fact]
    public async Task a_gateway_node_lists_the_dedicated_silo_and_serves_its_dashboard_which_the_silo_does_not()
    {
        var db = await server.CreateDatabaseAsync("status_roles");
        await using var silo = await NodeProcess.StartAsync("--role", "silo", "--allow-ports", StatusNode.Range, "--postgres", db, "--cluster-id", "status");
        await using var gateway = await NodeProcess.StartAsync("--role", "gateway", "--postgres", db, "--cluster-id", "status", "--admin-token", StatusNode.Token);
        using var client = StatusNode.Browserless(gateway);
        using var signedIn = await StatusNode.SignInAsync(client, StatusNode.Token);
        var address = $"127.0.0.1:{silo.SiloPort}@";

        var silos = await client.GetFromJsonAsync<JsonArray>(new Uri("/silos", UriKind.Relative));
        using var counters = await client.GetAsync(new Uri("/dashboard/DashboardCounters", UriKind.Relative));
        using var onSilo = await silo.Http.GetAsync(new Uri("/dashboard/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Found, signedIn.StatusCode);
        Assert.Contains(silos!, s => s?["address"]?.GetValue<string>().StartsWith(address, StringComparison.Ordinal) == true
            && s["status"]?.GetValue<string>() == "Active");
        Assert.Equal(HttpStatusCode.OK, counters.StatusCode);
        var hosts = (await counters.Content.ReadFromJsonAsync<JsonObject>())?["hosts"]?.AsArray();
        Assert.Contains(hosts!, h => h?["siloAddress"]?.GetValue<string>().StartsWith(address, StringComparison.Ordinal) == true);
        Assert.Equal(HttpStatusCode.NotFound, onSilo.StatusCode);
    }
}
