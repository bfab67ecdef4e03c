using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PortKeeper.Silo;
using PortKeeper.Silo.Postgres;

namespace PortKeeper.Integration.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresSchemaTests(PostgresServer server)
{
    private static readonly string[] QueryKeys =
    [
        "WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey", "DeleteStorageKey",
        "UpdateIAmAlivetimeKey", "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey",
        "MembershipReadRowKey", "MembershipReadAllKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey",
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey",
    ];

    [Fact]
    public async Task empty_database_gets_the_current_version_tables_and_every_query()
    {
        var db = await server.CreateDatabaseAsync("schema_empty");

        await PostgresSchema.EnsureAsync(db, NullLogger.Instance, CancellationToken.None);

        Assert.Equal([PostgresSchema.Version], await ColumnAsync<int>(db, "SELECT version FROM portkeeper_schema"));
        Assert.Equal(
            ["orleansmembershiptable", "orleansmembershipversiontable", "orleansquery", "orleansstorage", "portkeeper_claims", "portkeeper_range", "portkeeper_schema"],
            await ColumnAsync<string>(db, "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1"));
        Assert.Equal(
            QueryKeys.Order(StringComparer.Ordinal),
            await ColumnAsync<string>(db, "SELECT querykey::text FROM orleansquery ORDER BY querykey COLLATE \"C\""));
    }

    [Fact]
    public async Task version_1_database_is_upgraded_and_keeps_its_rows()
    {
        var db = await server.CreateDatabaseAsync("schema_upgrade");
        await PostgresSchema.EnsureAsync(db, NullLogger.Instance, CancellationToken.None);
        // What version 1 left: no range table, version 1 recorded, a stored grain.
        await ExecuteAsync(db, "DROP TABLE portkeeper_range; UPDATE portkeeper_schema SET version = 1");
        await ExecuteAsync(db, "INSERT INTO orleansstorage (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring, serviceid, modifiedon, version) VALUES (1, 2, 3, 4, 't', 's', now(), 7)");

        await PostgresSchema.EnsureAsync(db, NullLogger.Instance, CancellationToken.None);

        Assert.Equal([1, PostgresSchema.Version], await ColumnAsync<int>(db, "SELECT version FROM portkeeper_schema ORDER BY 1"));
        Assert.Equal([true], await ColumnAsync<bool>(db, "SELECT to_regclass('portkeeper_range') IS NOT NULL"));
        Assert.Equal([7], await ColumnAsync<int>(db, "SELECT version FROM orleansstorage"));
    }

    [Fact]
    public async Task version_3_range_row_becomes_the_default_pool_s()
    {
        var db = await server.CreateDatabaseAsync("schema_upgrade_v3");
        await PostgresSchema.EnsureAsync(db, NullLogger.Instance, CancellationToken.None);
        // What version 3 left: one range row per service, keyed by the service alone.
        await ExecuteAsync(db, "DROP TABLE portkeeper_range; DELETE FROM portkeeper_schema; INSERT INTO portkeeper_schema (version) VALUES (3)");
        await ExecuteAsync(db, "CREATE TABLE portkeeper_range (serviceid varchar(150) NOT NULL PRIMARY KEY, allow_ports text NOT NULL, changed_at timestamptz NOT NULL DEFAULT now())");
        await ExecuteAsync(db, "INSERT INTO portkeeper_range (serviceid, allow_ports) VALUES ('pk', '20000-20999')");

        await PostgresSchema.EnsureAsync(db, NullLogger.Instance, CancellationToken.None);
        await ExecuteAsync(db, "INSERT INTO portkeeper_range (serviceid, pool, allow_ports) VALUES ('pk', 'eu', '30000-30999')");

        Assert.Equal(["default 20000-20999", "eu 30000-30999"], await ColumnAsync<string>(db, "SELECT pool || ' ' || allow_ports FROM portkeeper_range ORDER BY pool"));
        Assert.Equal([3, PostgresSchema.Version], await ColumnAsync<int>(db, "SELECT version FROM portkeeper_schema ORDER BY 1"));
    }

    [Fact]
    public async Task second_ensure_is_a_no_op()
    {
        var db = await server.CreateDatabaseAsync("schema_twice");
        await PostgresSchema.EnsureAsync(db, NullLogger.Instance, CancellationToken.None);
        var appliedAt = await ColumnAsync<DateTime>(db, "SELECT applied_at FROM portkeeper_schema");

        await PostgresSchema.EnsureAsync(db, NullLogger.Instance, CancellationToken.None);

        Assert.Equal(appliedAt, await ColumnAsync<DateTime>(db, "SELECT applied_at FROM portkeeper_schema"));
    }

    [Fact]
    public async Task script_run_again_by_hand_succeeds_and_keeps_rows()
    {
        var db = await server.CreateDatabaseAsync("schema_rerun");
        await PostgresSchema.EnsureAsync(db, NullLogger.Instance, CancellationToken.None);
        await ExecuteAsync(db, "INSERT INTO orleansstorage (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring, serviceid, modifiedon, version) VALUES (1, 2, 3, 4, 't', 's', now(), 7)");

        await ExecuteAsync(db, PostgresSchema.Script);

        Assert.Equal([7], await ColumnAsync<int>(db, "SELECT version FROM orleansstorage"));
        Assert.Equal(QueryKeys.Length, (await ColumnAsync<string>(db, "SELECT querykey::text FROM orleansquery")).Count);
    }

    [Fact]
    public async Task five_nodes_starting_at_once_all_succeed_with_the_current_version()
    {
        var db = await server.CreateDatabaseAsync("schema_concurrent");

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
            Task.Run(() => PostgresSchema.EnsureAsync(db, NullLogger.Instance, CancellationToken.None))));

        Assert.Equal([PostgresSchema.Version], await ColumnAsync<int>(db, "SELECT version FROM portkeeper_schema"));
        Assert.Equal(0, (await ColumnAsync<long>(db, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")).Single());
    }

    [Fact]
    public async Task unreachable_server_fails_with_one_clear_message_without_the_password()
    {
        var nobody = new NpgsqlConnectionStringBuilder(server.ConnectionString)
        {
            Port = 1,
            Password = "hunter2-secret",
            Timeout = 2,
        }.ConnectionString;

        var e = await Assert.ThrowsAsync<StartupException>(() =>
            PostgresSchema.EnsureAsync(nobody, NullLogger.Instance, CancellationToken.None));
        Assert.Equal(StartupFailure.PostgresDatabase, e.Failure);

        Assert.StartsWith("PostgreSQL at 127.0.0.1:1 database 'postgres' refused the connection: ", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task failing_script_leaves_no_version_and_names_the_database()
    {
        var db = await server.CreateDatabaseAsync("schema_broken");
        // A table of that name with the wrong shape makes the script's index creation fail.
        await ExecuteAsync(db, "CREATE TABLE orleansstorage (something integer)");

        var e = await Assert.ThrowsAsync<StartupException>(() =>
            PostgresSchema.EnsureAsync(db, NullLogger.Instance, CancellationToken.None));
        Assert.Equal(StartupFailure.PostgresDatabase, e.Failure);

        Assert.StartsWith("cannot apply schema to 127.0.0.1:", e.Message, StringComparison.Ordinal);
        Assert.Contains("'schema_broken'", e.Message, StringComparison.Ordinal);
        Assert.Equal([false], await ColumnAsync<bool>(db, "SELECT to_regclass('portkeeper_schema') IS NOT NULL"));
    }

    // A plan made before the table has statistics (a new cluster's first minutes) is kept by the
    // sessions that prepared it; it must still find a state by its grain, not walk every state of
    // the grain type through the index of states by key.
    [Theory]
    [InlineData("ReadFromStorageKey")]
    [InlineData("ClearStorageKey")]
    public async Task provider_query_plans_find_a_state_by_its_grain_before_the_table_has_statistics(string queryKey)
    {
        var db = await server.CreateDatabaseAsync($"schema_plan_{queryKey.ToLowerInvariant()}");
        await PostgresSchema.EnsureAsync(db, NullLogger.Instance, CancellationToken.None);
        var query = (await ColumnAsync<string>(db, $"SELECT querytext::text FROM orleansquery WHERE querykey = '{queryKey}'")).Single();
        string[] names = ["@GrainIdHash", "@GrainTypeHash", "@GrainIdN0", "@GrainIdN1", "@GrainTypeString", "@GrainIdExtensionString", "@ServiceId", "@GrainStateVersion"];
        var positional = names.Select((name, i) => (name, i)).Aggregate(query.Trim().TrimEnd(';'), (text, p) => text.Replace(p.name, $"${p.i + 1}", StringComparison.Ordinal));

        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        foreach (var sql in new[]
        {
            "SET plan_cache_mode = force_generic_plan",
            $"PREPARE provider_query (integer, integer, bigint, bigint, varchar, varchar, varchar, integer) AS {positional}",
        })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
        await using var explain = new NpgsqlCommand("EXPLAIN EXECUTE provider_query (1, 2, 3, 4, 'userstate', 'default/u1', 'service', 1)", connection);
        var plan = string.Join("\n", await ReadAllAsync(explain));

        Assert.Contains("ix_orleansstorage_grain", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("ix_orleansstorage_by_key", plan, StringComparison.Ordinal);
    }

    private static async Task<List<string>> ReadAllAsync(NpgsqlCommand command)
    {
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }
        return lines;
    }

    internal static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    internal static async Task<List<T>> ColumnAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<T>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetFieldValue<T>(0));
        }

        return values;
    }
}
