using Microsoft.Extensions.Logging.Abstractions;
using PortKeeper.Silo;
using PortKeeper.Silo.Sqlite;

namespace PortKeeper.Integration.Tests.Sqlite;

public sealed class SqliteSchemaTests : IDisposable
{
    private readonly TempDataFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task new_file_gets_the_current_version_the_tables_every_query_and_wal()
    {
        var db = _folder.Database;

        await SqliteSchema.EnsureAsync(db, NullLogger.Instance, CancellationToken.None);

        Assert.True(File.Exists(Path.Combine(_folder.Path, SqliteDataSource.FileName)));
        Assert.Equal([SqliteSchema.Version], await db.ColumnAsync<long>("SELECT version FROM portkeeper_schema"));
        Assert.Equal(
            ["orleansquery", "orleansstorage", "portkeeper_claims", "portkeeper_schema"],
            await db.ColumnAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"));
        Assert.Equal(
            ["ClearStorageKey", "ReadFromStorageKey", "WriteToStorageKey"],
            await db.ColumnAsync<string>("SELECT querykey FROM orleansquery ORDER BY querykey"));
        Assert.Equal(["wal"], await db.ColumnAsync<string>("PRAGMA journal_mode"));
    }

    [Fact]
    public async Task every_connection_syncs_each_commit_and_waits_for_locks()
    {
        // synchronous=FULL (2): a commit is on disk before it returns, power loss included.
        Assert.Equal([2L], await _folder.Database.ColumnAsync<long>("PRAGMA synchronous"));
        Assert.Equal([(long)SqliteDataSource.BusyTimeout.TotalMilliseconds], await _folder.Database.ColumnAsync<long>("PRAGMA busy_timeout"));
    }

    [Fact]
    public async Task second_ensure_is_a_no_op_and_keeps_rows()
    {
        var db = _folder.Database;
        await SqliteSchema.EnsureAsync(db, NullLogger.Instance, CancellationToken.None);
        await db.ExecuteAsync("INSERT INTO orleansstorage (serviceid, graintypestring, grainidn0, grainidn1, modifiedon, version) VALUES ('s', 't', 0, 1, 'now', 7)");
        var appliedAt = await db.ColumnAsync<string>("SELECT applied_at FROM portkeeper_schema");

        await SqliteSchema.EnsureAsync(db, NullLogger.Instance, CancellationToken.None);

        Assert.Equal(appliedAt, await db.ColumnAsync<string>("SELECT applied_at FROM portkeeper_schema"));
        Assert.Equal([7L], await db.ColumnAsync<long>("SELECT version FROM orleansstorage"));
    }

    [Fact]
    public async Task script_run_again_by_hand_succeeds_and_keeps_rows()
    {
        var db = _folder.Database;
        await SqliteSchema.EnsureAsync(db, NullLogger.Instance, CancellationToken.None);
        await db.ExecuteAsync("INSERT INTO orleansstorage (serviceid, graintypestring, grainidn0, grainidn1, modifiedon, version) VALUES ('s', 't', 0, 1, 'now', 7)");

        await db.ExecuteAsync(SqliteSchema.Script);

        Assert.Equal([SqliteSchema.Version], await db.ColumnAsync<long>("SELECT version FROM portkeeper_schema"));
        Assert.Equal([7L], await db.ColumnAsync<long>("SELECT version FROM orleansstorage"));
    }

    [Fact]
    public async Task five_callers_at_once_all_succeed_with_one_version()
    {
        // Separate data sources, as separate processes would open the file.
        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() =>
            SqliteSchema.EnsureAsync(SqliteDataSource.InDataDirectory(_folder.Path), NullLogger.Instance, CancellationToken.None))));

        Assert.Equal([SqliteSchema.Version], await _folder.Database.ColumnAsync<long>("SELECT version FROM portkeeper_schema"));
        Assert.Equal([3L], await _folder.Database.ColumnAsync<long>("SELECT count(*) FROM orleansquery"));
    }

    [Fact]
    public async Task file_that_is_not_a_database_fails_with_one_message_naming_it()
    {
        var path = Path.Combine(_folder.Path, SqliteDataSource.FileName);
        await File.WriteAllTextAsync(path, new string('x', 4096));

        var e = await Assert.ThrowsAsync<StartupException>(() =>
            SqliteSchema.EnsureAsync(_folder.Database, NullLogger.Instance, CancellationToken.None));
        Assert.Equal(StartupFailure.SqliteDatabase, e.Failure);

        Assert.StartsWith($"cannot open or write the database '{path}': ", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public async Task folder_that_cannot_be_created_fails_with_one_message_naming_the_file()
    {
        // A file where the folder should be.
        var blocked = Path.Combine(_folder.Path, "blocked");
        await File.WriteAllTextAsync(blocked, "");
        var db = SqliteDataSource.InDataDirectory(Path.Combine(blocked, "data"));

        var e = await Assert.ThrowsAsync<StartupException>(() => SqliteSchema.EnsureAsync(db, NullLogger.Instance, CancellationToken.None));
        Assert.Equal(StartupFailure.SqliteDatabase, e.Failure);

        Assert.StartsWith($"cannot open or write the database '{db.Path}': ", e.Message, StringComparison.Ordinal);
    }
}
