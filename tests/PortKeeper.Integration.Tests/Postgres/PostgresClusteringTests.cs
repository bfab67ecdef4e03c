using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using PortKeeper.Silo.Postgres;

namespace PortKeeper.Integration.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresClusteringTests(PostgresServer server)
{
    private const int Active = 3;

    [Fact]
    public async Task client_finds_a_silo_through_postgres_membership_and_reaches_its_grains()
    {
        var db = await server.CreateDatabaseAsync("clustering");
        var cluster = new ClusterOptions { ClusterId = "pk-cluster", ServiceId = "pk-service" };

        using var silo = await StartAsync(builder => builder.UseOrleans(s => s
            .UsePortKeeperPostgres(db)
            .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (cluster.ClusterId, cluster.ServiceId))
            .ConfigureEndpoints(IPAddress.Loopback, PostgresServer.FreeLoopbackPort(), PostgresServer.FreeLoopbackPort())));
        using var client = await StartAsync(builder => builder.UseOrleansClient(c => c
            .UsePortKeeperPostgres(db)
            .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (cluster.ClusterId, cluster.ServiceId))));

        var grain = client.Services.GetRequiredService<IClusterClient>().GetGrain<ICounterGrain>("clustered");
        await grain.SetAsync(7);

        Assert.Equal(7, (await grain.GetAsync()).Value);
        Assert.Equal(
            [Active],
            await PostgresSchemaTests.ColumnAsync<int>(db, "SELECT status FROM orleansmembershiptable WHERE deploymentid = 'pk-cluster'"));

        await client.StopAsync();
        await silo.StopAsync();
    }

    private static async Task<IHost> StartAsync(Action<HostApplicationBuilder> configure)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        configure(builder);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
