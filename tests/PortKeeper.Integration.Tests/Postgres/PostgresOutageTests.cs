using Microsoft.Extensions.Logging.Abstractions;
using PortKeeper.Silo;
using PortKeeper.Silo.Postgres;

namespace PortKeeper.Integration.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresOutageTests(PostgresServer server)
{
    [Fact]
    public async Task stopped_server_is_refused_and_restarted_server_keeps_its_data()
    {
        var db = await server.CreateDatabaseAsync("outage");
        await PostgresSchema.EnsureAsync(db, NullLogger.Instance, CancellationToken.None);

        await server.StopAsync();
        try
        {
            var e = await Assert.ThrowsAsync<StartupException>(() =>
                PostgresSchema.EnsureAsync(db, NullLogger.Instance, CancellationToken.None));
            Assert.Equal(StartupFailure.PostgresDatabase, e.Failure);
            Assert.Contains("refused the connection", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            await server.StartAsync();
        }

        Assert.Equal([PostgresSchema.Version], await PostgresSchemaTests.ColumnAsync<int>(db, "SELECT version FROM portkeeper_schema"));
    }
}
