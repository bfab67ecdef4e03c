using System.Net.Http.Headers;
using System.Net.Http.Json;
using PortKeeper.Contracts;
using PortKeeper.Integration.Tests.Sqlite;
using PortKeeper.Silo.Sqlite;

namespace PortKeeper.Integration.Tests.Processes;

/// <summary>Repair through the admin API of a real node on its SQLite file, damaged between two runs.</summary>
public sealed class RepairProcessTests : IDisposable
{
    private const string Token = "repair-admin-token-0123";

    private readonly string _data = Directory.CreateTempSubdirectory("portkeeper-repair-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    private string[] Args => ["--allow-ports", "20000-20999", "--data-dir", _data, "--admin-token", Token];

    [Fact]
    public async Task repair_over_http_frees_a_leaked_port_and_moves_the_second_holder_of_a_port()
    {
        int owned;
        await using (var node = await NodeProcess.StartAsync(Args))
        {
            owned = (await node.Http.NewProxyAsync("owner", "ssh")).GrantedPort()!.Value;
            await node.StopAsync();
        }
        // Damage the file as a bad restore would: a claim no one holds, and a second user holding the owner's port.
        var database = SqliteDataSource.InDataDirectory(_data);
        await database.ExecuteAsync(
            "INSERT INTO portkeeper_claims (serviceid, pool, protocol, port, holder_kind, holder_user, holder_name, pending) " +
            "SELECT serviceid, pool, 0, 20999, 0, 'ghost', 'ghost.ssh', 0 FROM portkeeper_claims LIMIT 1");
        await database.ExecuteAsync(
            "INSERT INTO orleansstorage (serviceid, graintypestring, grainidn0, grainidn1, grainidextensionstring, payloadbinary, modifiedon, version) " +
            "SELECT serviceid, graintypestring, grainidn0, grainidn1, 'default/twin', payloadbinary, modifiedon, 1 FROM orleansstorage " +
            "WHERE graintypestring = 'user' AND grainidextensionstring = 'default/owner'");

        await using var restarted = await NodeProcess.StartAsync(Args);
        using var admin = new HttpClient { BaseAddress = restarted.BaseAddress };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        var ghost = await admin.GetAsync(new Uri("/ports/tcp/20999", UriKind.Relative));
        using var repaired = await admin.PostAsync(new Uri("/pool/repair", UriKind.Relative), null);
        var report = await repaired.Content.ReadFromJsonAsync<RepairReport>();
        var holder = await admin.GetFromJsonAsync<LeaseInfo>(new Uri($"/ports/tcp/{owned}", UriKind.Relative));
        using var freed = await admin.GetAsync(new Uri("/ports/tcp/20999", UriKind.Relative));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, ghost.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, repaired.StatusCode);
        Assert.Equal((1, 0, 1), (report!.Freed, report.Claimed, report.Moved));
        Assert.Contains(report.Findings, f => f.Contains("20999", StringComparison.Ordinal));
        Assert.Equal("owner", holder?.User);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, freed.StatusCode);
        Assert.Equal(owned, (await restarted.Http.NewProxyAsync("owner", "ssh")).GrantedPort());
        Assert.Equal(20999, (await restarted.Http.NewProxyAsync("taker", "ssh", remotePort: 20999)).GrantedPort());
    }
}
