using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using PortKeeper.Silo.Sqlite;

namespace PortKeeper.Integration.Tests.Sqlite;

/// <summary>Writers queued behind one another share a commit, and each unit of work stands or fails alone.</summary>
public sealed class SqliteGroupCommitTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly TempDataFolder _folder = new();
    private SqliteGroupCommit _writer = null!;

    public async Task InitializeAsync()
    {
        await SqliteSchema.EnsureAsync(_folder.Database, NullLogger.Instance, CancellationToken.None);
        await _folder.Database.ExecuteAsync("CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
        _writer = new SqliteGroupCommit(_folder.Database);
    }

    public async Task DisposeAsync() => await _writer.DisposeAsync();

    public void Dispose()
    {
        _writer.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task writers_queued_behind_a_transaction_share_its_commit_and_are_all_stored()
    {
        var commits = _writer.Commits;
        await using var connection = await _writer.OpenConnectionAsync();
        var transaction = await connection.BeginTransactionAsync();
        await InsertAsync(connection, 0, transaction);

        var queued = Enumerable.Range(1, 200).Select(i => InsertAsync(connection, i)).ToList();
        Assert.All(queued, write => Assert.False(write.IsCompleted));
        await transaction.CommitAsync().WaitAsync(Deadline);
        await Task.WhenAll(queued).WaitAsync(Deadline);

        Assert.Equal(1, _writer.Commits - commits);
        Assert.Equal(201, _writer.Units);
        Assert.Equal([201L], await _folder.Database.ColumnAsync<long>("SELECT count(*) FROM item"));
    }

    [Fact]
    public async Task a_failing_statement_fails_alone_and_the_rest_of_its_batch_is_stored()
    {
        await using var connection = await _writer.OpenConnectionAsync();
        var transaction = await connection.BeginTransactionAsync();
        await InsertAsync(connection, 1, transaction);

        var duplicate = InsertAsync(connection, 1);
        var other = InsertAsync(connection, 2);
        await transaction.CommitAsync().WaitAsync(Deadline);

        var error = await Assert.ThrowsAsync<SqliteException>(() => duplicate.WaitAsync(Deadline));
        Assert.Equal(19, error.SqliteErrorCode);
        await other.WaitAsync(Deadline);
        Assert.Equal([1L, 2L], await _folder.Database.ColumnAsync<long>("SELECT id FROM item ORDER BY id"));
    }

    [Fact]
    public async Task a_transaction_ended_without_commit_leaves_nothing_and_keeps_the_others()
    {
        await using var connection = await _writer.OpenConnectionAsync();
        var abandoned = await connection.BeginTransactionAsync();
        await InsertAsync(connection, 1, abandoned);
        await InsertAsync(connection, 2, abandoned);
        var next = InsertAsync(connection, 3);

        await abandoned.DisposeAsync();
        await next.WaitAsync(Deadline);

        Assert.Equal([3L], await _folder.Database.ColumnAsync<long>("SELECT id FROM item"));
    }

    [Fact]
    public async Task rows_of_every_result_set_are_read_and_a_read_sees_the_writes_before_it()
    {
        await using var connection = await _writer.OpenConnectionAsync();
        await InsertAsync(connection, 7);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE item SET name = 'seven' WHERE id = @id RETURNING id; SELECT name FROM item WHERE id = @id; SELECT 1 WHERE 0";
        var parameter = command.CreateParameter();
        (parameter.ParameterName, parameter.Value) = ("id", 7);
        command.Parameters.Add(parameter);

        await using var reader = await command.ExecuteReaderAsync();
        var sets = new List<List<object>>();
        do
        {
            var rows = new List<object>();
            while (await reader.ReadAsync())
            {
                rows.Add(reader.GetValue(0));
            }
            sets.Add(rows);
        }
        while (await reader.NextResultAsync());

        Assert.Equal([[7L], ["seven"], []], sets);
    }

    [Fact]
    public async Task a_write_has_reached_the_file_when_it_returns()
    {
        await using var connection = await _writer.OpenConnectionAsync();

        await InsertAsync(connection, 5);

        // Another connection sees only what is committed.
        Assert.Equal([5L], await _folder.Database.ColumnAsync<long>("SELECT id FROM item"));
    }

    private static async Task InsertAsync(System.Data.Common.DbConnection connection, int id, System.Data.Common.DbTransaction? transaction = null)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO item (id, name) VALUES (@id, 'item')";
        var parameter = command.CreateParameter();
        (parameter.ParameterName, parameter.Value) = ("id", id);
        command.Parameters.Add(parameter);
        await command.ExecuteNonQueryAsync();
    }
}
