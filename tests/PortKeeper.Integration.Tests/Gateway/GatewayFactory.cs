extern alias gateway;

using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PortKeeper.Contracts;

namespace PortKeeper.Integration.Tests.Gateway;

/// <summary>
/// The gateway with its co-hosted silo on free ports, so that test runs beside other silos on
/// the machine; <see cref="Range"/> is the allowed ports.
/// </summary>
public abstract class GatewayHost(string range) : WebApplicationFactory<gateway::Program>
{
    public const string PluginPath = "/port-registrations";

    public string Range { get; } = range;

    /// <summary>More settings of the node, such as pools.</summary>
    protected virtual IReadOnlyDictionary<string, string?> MoreSettings { get; } = new Dictionary<string, string?>();

    /// <summary>The admin API's token; null leaves the admin API off.</summary>
    public virtual string? AdminToken => null;

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    /// <summary>A client of the node that sends <paramref name="token"/> (the admin token when null) with every call.</summary>
    public HttpClient AdminClient(string? token = null)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token ?? AdminToken);
        return client;
    }

    public Task<LeaseInfo?> LeaseAsync(string key) => LeaseHandle.Parse(Grains, key).GetAsync();

    public Task<PoolStats> PoolAsync() => Grains.Pool(GrainKeys.DefaultPool).GetStatsAsync();

    /// <summary>Posts <paramref name="body"/> as frps does; returns the status and the JSON answer.</summary>
    public async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(string body, string? op)
    {
        using var client = CreateClient();
        var query = op is null ? "?version=0.1.0" : $"?version=0.1.0&op={op}";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri(PluginPath + query, UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonNode.Parse(text)!.AsObject());
    }

    /// <summary>The embedded store's folder, removed with the factory.</summary>
    public string DataDir { get; } = Directory.CreateTempSubdirectory("portkeeper-gateway-").FullName;

    // Host configuration, so that Program sees it before it builds the silo.
    protected override IHost CreateHost(IHostBuilder builder)
    {
        builder.ConfigureHostConfiguration(config => config.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // The test server binds no port, but the node checks that its --urls port is free.
            ["urls"] = $"http://127.0.0.1:{FreePort()}",
            ["PortKeeper:AllowPorts"] = Range,
            ["PortKeeper:DataDir"] = DataDir,
            ["PortKeeper:SiloPort"] = $"{FreePort()}",
            ["PortKeeper:GatewayPort"] = $"{FreePort()}",
            ["PortKeeper:AdminToken"] = AdminToken,
        }.Where(setting => setting.Key != "PortKeeper:AdminToken" || AdminToken is not null).Concat(MoreSettings)));
        return base.CreateHost(builder);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(DataDir, recursive: true);
        GC.SuppressFinalize(this);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The gateway of the fixture, validation, host and admin tests.</summary>
public sealed class GatewayFactory() : GatewayHost("6000-6999")
{
    public override string? AdminToken => "test-admin-token-0123456789";
}

/// <summary>A second gateway with a range of its own, for load that must not disturb the fixture tests.</summary>
public sealed class LoadGatewayFactory() : GatewayHost("20000-20999");

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFactory>
{
    public const string Name = "gateway";
}

[CollectionDefinition(Name)]
public sealed class LoadGatewayCollection : ICollectionFixture<LoadGatewayFactory>
{
    public const string Name = "gateway-load";
}

/// <summary>The frp request fixtures, as frps sends them.</summary>
public static class FrpFixtures
{
    public static string Text(string file) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "frp", file));

    public static JsonObject Json(string file) => JsonNode.Parse(Text(file))!.AsObject();

    public static string Op(string file) => Json(file)["op"]!.GetValue<string>();
}
