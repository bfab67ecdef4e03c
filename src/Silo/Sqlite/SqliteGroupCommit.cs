using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace PortKeeper.Silo.Sqlite;

/// <summary>
/// The one writer of PortKeeper's SQLite database: Orleans' grain storage and the pools' claims
/// run their statements on a single connection, and every statement or transaction that finds
/// others queued behind it shares their commit (group commit). SQLite runs one writer at a time
/// and <c>synchronous=FULL</c> syncs the WAL at every commit; committing many writers' work at
/// once pays that sync once instead of once per write.
/// </summary>
/// <remarks>
/// <para>A unit of work is one command run outside a transaction, or one transaction (from
/// <c>BeginTransaction</c> to <c>Commit</c>). Units run one after another inside a shared
/// <c>BEGIN IMMEDIATE</c> transaction, each under a savepoint: a unit that fails is rolled back
/// alone and its caller gets its error, the others in the batch are not touched. When a unit ends
/// and no other unit is waiting (or <see cref="MaxUnitsPerCommit"/> have run), the batch commits.</para>
/// <para>Durability: a unit returns (a command its rows, a transaction from <c>Commit</c>) only once
/// the batch holding it is committed and synced; when the commit fails, every unit of the batch
/// fails with that error, and nothing of them is stored. Reads wait for the commit too, so that
/// nothing read from a batch can be acted upon before the batch is durable.</para>
/// <para>Connections handed out here are lightweight handles: they hold no database connection
/// and need no opening. Rows are read in full before the command returns.</para>
/// </remarks>
public sealed class SqliteGroupCommit(SqliteDataSource database) : DbDataSource
{
    /// <summary>Most units of work one commit carries.</summary>
    public const int MaxUnitsPerCommit = 256;

    private readonly Lock _gate = new();
    private readonly Queue<TaskCompletionSource> _waiting = new();
    private bool _held;
    private SqliteConnection? _connection;
    private bool _batchOpen;
    private int _unitsInBatch;
    private TaskCompletionSource _batch = NewBatch();
    private long _commits;
    private long _units;

    /// <inheritdoc />
    public override string ConnectionString => database.ConnectionString;

    /// <summary>Batches committed since start, for tests and metrics.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>Units of work committed since start, for tests and metrics.</summary>
    public long Units => Interlocked.Read(ref _units);

    /// <inheritdoc />
    protected override DbConnection CreateDbConnection() => new Handle(this);

    /// <inheritdoc />
    protected override DbConnection OpenDbConnection() => new Handle(this);

    /// <inheritdoc />
    protected override ValueTask<DbConnection> OpenDbConnectionAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<DbConnection>(new Handle(this));

    /// <inheritdoc />
    protected override async ValueTask DisposeAsyncCore()
    {
        await EnterAsync(CancellationToken.None);
        try
        {
            if (_batchOpen)
            {
                Commit();
            }
            _connection?.Dispose();
            _connection = null;
        }
        finally
        {
            HandOver();
        }
        await base.DisposeAsyncCore();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            DisposeAsyncCore().AsTask().GetAwaiter().GetResult();
        }
        base.Dispose(disposing);
    }

    // Runs one unit of work and returns once its batch is committed.
    private async Task<T> RunAsync<T>(Func<SqliteConnection, T> work, CancellationToken cancellationToken)
    {
        var connection = await BeginUnitAsync(cancellationToken);
        T result;
        try
        {
            result = work(connection);
        }
        catch
        {
            _ = EndUnit(keep: false);
            throw;
        }
        await EndUnit(keep: true);
        return result;
    }

    // Waits for the writer's turn, then opens a savepoint in the shared transaction.
    private async Task<SqliteConnection> BeginUnitAsync(CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken);
        try
        {
            var connection = _connection ??= (SqliteConnection)database.OpenConnection();
            if (!_batchOpen)
            {
                Execute(connection, "BEGIN IMMEDIATE");
                _batchOpen = true;
            }
            Execute(connection, "SAVEPOINT unit");
            return connection;
        }
        catch
        {
            HandOver();
            throw;
        }
    }

    // Keeps or undoes the unit, commits the batch when no one else waits, and hands the turn on.
    // The task ends when the unit is durable (at once for a unit undone).
    private Task EndUnit(bool keep)
    {
        try
        {
            if (!keep)
            {
                Execute(_connection!, "ROLLBACK TO unit");
            }
            Execute(_connection!, "RELEASE unit");
            var batch = _batch.Task;
            if (keep)
            {
                _unitsInBatch++;
            }
            bool commitNow;
            lock (_gate)
            {
                commitNow = _waiting.Count == 0 || _unitsInBatch >= MaxUnitsPerCommit;
            }
            if (commitNow)
            {
                Commit();
            }
            return keep ? batch : Task.CompletedTask;
        }
        catch (Exception e) when (e is SqliteException or InvalidOperationException)
        {
            // The shared transaction is in an unknown state: roll the whole batch back.
            Abandon(e);
            return keep ? Task.FromException(e) : Task.CompletedTask;
        }
        finally
        {
            HandOver();
        }
    }

    private void Commit()
    {
        var batch = _batch;
        var units = _unitsInBatch;
        try
        {
            Execute(_connection!, "COMMIT");
        }
        catch (SqliteException e)
        {
            Abandon(e);
            return;
        }
        _batchOpen = false;
        _unitsInBatch = 0;
        _batch = NewBatch();
        Interlocked.Increment(ref _commits);
        Interlocked.Add(ref _units, units);
        batch.SetResult();
    }

    private void Abandon(Exception error)
    {
        var batch = _batch;
        _batch = NewBatch();
        _unitsInBatch = 0;
        _batchOpen = false;
        try
        {
            if (_connection is { } connection && SQLitePCL.raw.sqlite3_get_autocommit(connection.Handle) == 0)
            {
                Execute(connection, "ROLLBACK");
            }
        }
        catch (SqliteException)
        {
            // The next unit starts on a fresh connection.
            _connection?.Dispose();
            _connection = null;
        }
        batch.SetException(error);
    }

    private async Task EnterAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource turn;
        lock (_gate)
        {
            if (!_held)
            {
                _held = true;
                return;
            }
            turn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Enqueue(turn);
        }
        await turn.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private void HandOver()
    {
        lock (_gate)
        {
            while (_waiting.TryDequeue(out var next))
            {
                // A waiter that gave up (cancelled) is skipped.
                if (next.TrySetResult())
                {
                    return;
                }
            }
            _held = false;
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static TaskCompletionSource NewBatch() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    // What Orleans' provider and the claims store hold: a SqliteConnection (the provider checks the
    // type against its invariant), but one whose commands and transactions are units of work.
    private sealed class Handle(SqliteGroupCommit writer) : SqliteConnection(writer.ConnectionString)
    {
        public SqliteGroupCommit Writer => writer;

        public override void Open()
        {
        }

        public override Task OpenAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        protected override DbCommand CreateDbCommand() => new Command(this);

        protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) =>
            BeginDbTransactionAsync(isolationLevel, CancellationToken.None).AsTask().GetAwaiter().GetResult();

        protected override async ValueTask<DbTransaction> BeginDbTransactionAsync(IsolationLevel isolationLevel, CancellationToken cancellationToken) =>
            new Transaction(this, await writer.BeginUnitAsync(cancellationToken));
    }

    private sealed class Transaction(Handle handle, SqliteConnection connection) : DbTransaction
    {
        private bool _active = true;

        public SqliteConnection Statements => _active ? connection : throw new InvalidOperationException("the transaction has ended");

        public override IsolationLevel IsolationLevel => IsolationLevel.Serializable;

        protected override DbConnection DbConnection => handle;

        public override void Commit() => CommitAsync().GetAwaiter().GetResult();

        public override Task CommitAsync(CancellationToken cancellationToken = default) => End(keep: true);

        public override void Rollback() => End(keep: false);

        public override Task RollbackAsync(CancellationToken cancellationToken = default) => End(keep: false);

        protected override void Dispose(bool disposing)
        {
            if (disposing && _active)
            {
                End(keep: false);
            }
            base.Dispose(disposing);
        }

        private Task End(bool keep)
        {
            if (!_active)
            {
                throw new InvalidOperationException("the transaction has ended");
            }
            _active = false;
            return handle.Writer.EndUnit(keep);
        }
    }

    private sealed class Command(Handle handle) : DbCommand
    {
        // Holds the text and parameters; bound to the writer's connection while its unit runs.
        private readonly SqliteCommand _statement = new();
        private Transaction? _transaction;

        [AllowNull]
        public override string CommandText
        {
            get => _statement.CommandText;
            set => _statement.CommandText = value;
        }

        public override int CommandTimeout
        {
            get => _statement.CommandTimeout;
            set => _statement.CommandTimeout = value;
        }

        public override CommandType CommandType
        {
            get => CommandType.Text;
            set
            {
                if (value != CommandType.Text)
                {
                    throw new ArgumentException("only text commands run on SQLite", nameof(value));
                }
            }
        }

        public override bool DesignTimeVisible { get; set; }

        public override UpdateRowSource UpdatedRowSource { get; set; }

        protected override DbConnection? DbConnection
        {
            get => handle;
            set => throw new NotSupportedException("the command belongs to its connection");
        }

        protected override DbParameterCollection DbParameterCollection => _statement.Parameters;

        protected override DbTransaction? DbTransaction
        {
            get => _transaction;
            set => _transaction = value as Transaction ?? (value is null ? null : throw new ArgumentException("not a transaction of this connection", nameof(value)));
        }

        public override void Cancel()
        {
        }

        public override void Prepare()
        {
        }

        protected override DbParameter CreateDbParameter() => _statement.CreateParameter();

        public override int ExecuteNonQuery() => ExecuteNonQueryAsync(CancellationToken.None).GetAwaiter().GetResult();

        public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken) =>
            RunAsync(statement => statement.ExecuteNonQuery(), cancellationToken);

        public override object? ExecuteScalar() => ExecuteScalarAsync(CancellationToken.None).GetAwaiter().GetResult();

        public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken) =>
            RunAsync(statement => statement.ExecuteScalar(), cancellationToken);

        protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) =>
            ExecuteDbDataReaderAsync(behavior, CancellationToken.None).GetAwaiter().GetResult();

        protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken) =>
            await RunAsync(ReadAll, cancellationToken);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _statement.Dispose();
            }
            base.Dispose(disposing);
        }

        // Inside the caller's transaction the statement runs at once (its unit is open); alone, it is a unit.
        private Task<T> RunAsync<T>(Func<SqliteCommand, T> run, CancellationToken cancellationToken)
        {
            if (_transaction is { } transaction)
            {
                return Task.FromResult(Bound(transaction.Statements, run));
            }
            return handle.Writer.RunAsync(connection => Bound(connection, run), cancellationToken);
        }

        private T Bound<T>(SqliteConnection connection, Func<SqliteCommand, T> run)
        {
            _statement.Connection = connection;
            try
            {
                return run(_statement);
            }
            finally
            {
                _statement.Connection = null;
            }
        }

        // Every result set, read in full while the unit holds the connection.
        private static DbDataReader ReadAll(SqliteCommand statement)
        {
            using var reader = statement.ExecuteReader();
            var tables = new List<DataTable>();
            do
            {
                var table = new DataTable { Locale = System.Globalization.CultureInfo.InvariantCulture };
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var name = reader.GetName(i);
                    table.Columns.Add(table.Columns.Contains(name) ? $"{name}{i}" : name, typeof(object));
                }
                var values = new object[reader.FieldCount];
                while (reader.Read())
                {
                    reader.GetValues(values);
                    table.Rows.Add(values);
                }
                tables.Add(table);
            }
            while (reader.NextResult());
            return new DataTableReader([.. tables]);
        }
    }
}
