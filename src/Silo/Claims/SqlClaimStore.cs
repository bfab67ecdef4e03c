using System.Collections.Immutable;
using System.Data;
using System.Data.Common;
using PortKeeper.Contracts;
using PortKeeper.Domain;
using PortKeeper.Grains;

namespace PortKeeper.Silo.Claims;

/// <summary>
/// The pools' claims in the <c>portkeeper_claims</c> table, the same on PostgreSQL and SQLite:
/// one row per taken port under the primary key (service, pool, protocol, port). A write is one
/// transaction; an insert over a held port, or an update or delete of a row another holder has
/// since, fails the whole write with <see cref="ClaimConflictException"/>.
/// </summary>
public sealed class SqlClaimStore(DbDataSource database, string serviceId, Func<DbException, bool> isUniqueViolation)
    : IClaimStore
{
    // holder_kind: 0 a user's proxy holds the port, 1 a group, 2 it is reserved for a user's proxy, 3 it is blocked.
    private const int GroupCode = 1;
    private const int ReservedCode = 2;
    private const int BlockedCode = 3;

    private const string Columns = "protocol, port, holder_kind, holder_user, holder_name, pending, replacing, since";

    private const string Holder = "holder_kind = @old_kind AND holder_user = @old_user AND holder_name = @old_name";

    private const string AtPort = "serviceid = @service AND pool = @pool AND protocol = @protocol AND port = @port";

    public async Task<ImmutableArray<Claim>> LoadAsync(string pool, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM portkeeper_claims WHERE serviceid = @service AND pool = @pool";
        Add(command, "service", serviceId);
        Add(command, "pool", pool);
        await using var rows = await command.ExecuteReaderAsync(cancellationToken);
        var claims = ImmutableArray.CreateBuilder<Claim>();
        while (await rows.ReadAsync(cancellationToken))
        {
            var protocol = (Protocol)Convert.ToInt32(rows.GetValue(0), System.Globalization.CultureInfo.InvariantCulture);
            var code = Convert.ToInt32(rows.GetValue(2), System.Globalization.CultureInfo.InvariantCulture);
            var holder = code == GroupCode
                ? LeaseKey.ForGroup(protocol, rows.GetString(4))
                : LeaseKey.ForProxy(protocol, rows.GetString(3), rows.GetString(4));
            claims.Add(new Claim(
                new PoolPort(protocol, Convert.ToInt32(rows.GetValue(1), System.Globalization.CultureInfo.InvariantCulture)),
                holder,
                Convert.ToBoolean(rows.GetValue(5), System.Globalization.CultureInfo.InvariantCulture),
                rows.IsDBNull(6) ? null : Convert.ToInt32(rows.GetValue(6), System.Globalization.CultureInfo.InvariantCulture),
                rows.IsDBNull(7) ? null : DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(rows.GetValue(7), System.Globalization.CultureInfo.InvariantCulture)),
                code switch { ReservedCode => ClaimKind.Reserved, BlockedCode => ClaimKind.Blocked, _ => ClaimKind.Holds }));
        }
        return claims.ToImmutable();
    }

    public async Task WriteAsync(string pool, ImmutableArray<ClaimChange> changes, CancellationToken cancellationToken)
    {
        if (changes.IsEmpty)
        {
            return;
        }
        var statements = changes.Select(change => Describe(pool, change)).ToImmutableArray();
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // One round trip for every change where the engine batches (PostgreSQL); SQLite runs in
        // process, where a statement costs no round trip.
        var affected = connection.CanCreateBatch
            ? await RunBatchAsync(connection, transaction, statements, pool, changes, cancellationToken)
            : await RunEachAsync(connection, transaction, statements, pool, changes, cancellationToken);
        for (var i = 0; i < changes.Length; i++)
        {
            if (affected[i] != 1)
            {
                throw new ClaimConflictException($"{Port(changes[i])} of pool {pool} is no longer held as this pool expected");
            }
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task<int[]> RunBatchAsync(
        DbConnection connection, DbTransaction transaction, ImmutableArray<Statement> statements, string pool, ImmutableArray<ClaimChange> changes, CancellationToken cancellationToken)
    {
        await using var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        foreach (var statement in statements)
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = statement.Sql;
            AddParameters(command.Parameters, command.CreateParameter, statement);
            batch.BatchCommands.Add(command);
        }
        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (DbException e) when (isUniqueViolation(e))
        {
            var failed = e.BatchCommand is { } command ? batch.BatchCommands.IndexOf(command) : -1;
            throw Conflict(pool, failed >= 0 ? changes[failed] : null, e);
        }
        return [.. batch.BatchCommands.Select(c => c.RecordsAffected)];
    }

    private async Task<int[]> RunEachAsync(
        DbConnection connection, DbTransaction transaction, ImmutableArray<Statement> statements, string pool, ImmutableArray<ClaimChange> changes, CancellationToken cancellationToken)
    {
        var affected = new int[statements.Length];
        for (var i = 0; i < statements.Length; i++)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = statements[i].Sql;
            AddParameters(command.Parameters, command.CreateParameter, statements[i]);
            try
            {
                affected[i] = await command.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (DbException e) when (isUniqueViolation(e))
            {
                throw Conflict(pool, changes[i], e);
            }
        }
        return affected;
    }

    private static ClaimConflictException Conflict(string pool, ClaimChange? change, DbException e) =>
        new($"{(change is null ? "a port" : Port(change).ToString())} of pool {pool} already has a holder", e);

    private static PoolPort Port(ClaimChange change) => change switch
    {
        ClaimChange.Add add => add.Claim.Port,
        ClaimChange.Change changed => changed.Claim.Port,
        ClaimChange.Remove removed => removed.Port,
        _ => throw new ArgumentOutOfRangeException(nameof(change)),
    };

    // One SQL statement with its parameters, the same text on both engines.
    private sealed record Statement(string Sql, ImmutableArray<(string Name, object? Value)> Parameters);

    private Statement Describe(string pool, ClaimChange change)
    {
        ImmutableArray<(string, object?)> at = [("service", serviceId), ("pool", pool)];
        return change switch
        {
            ClaimChange.Add(var claim) => new(
                $"INSERT INTO portkeeper_claims (serviceid, pool, {Columns}) "
                    + "VALUES (@service, @pool, @protocol, @port, @kind, @user, @name, @pending, @replacing, @since)",
                [.. at, .. ClaimValues(claim)]),
            ClaimChange.Change(var holder, var claim, var was) => new(
                "UPDATE portkeeper_claims SET holder_kind = @kind, holder_user = @user, holder_name = @name, "
                    + $"pending = @pending, replacing = @replacing, since = @since WHERE {AtPort} AND {Holder}",
                [.. at, .. ClaimValues(claim), .. HolderValues("old_", holder, was)]),
            ClaimChange.Remove(var port, var holder, var was) => new(
                $"DELETE FROM portkeeper_claims WHERE {AtPort} AND {Holder}",
                [.. at, ("protocol", (short)port.Protocol), ("port", port.Port), .. HolderValues("old_", holder, was)]),
            _ => throw new ArgumentOutOfRangeException(nameof(change)),
        };
    }

    private static IEnumerable<(string, object?)> ClaimValues(Claim claim) =>
    [
        ("protocol", (short)claim.Port.Protocol),
        ("port", claim.Port.Port),
        .. HolderValues("", claim.Holder, claim.Kind),
        ("pending", claim.Pending),
        ("replacing", claim.Replacing),
        ("since", claim.Since?.ToUnixTimeMilliseconds()),
    ];

    private static IEnumerable<(string, object?)> HolderValues(string prefix, LeaseKey holder, ClaimKind kind) =>
    [
        (prefix + "kind", (short)(kind switch
        {
            ClaimKind.Reserved => ReservedCode,
            ClaimKind.Blocked => BlockedCode,
            _ => holder.IsGroup ? GroupCode : 0,
        })),
        (prefix + "user", holder.IsGroup ? "" : holder.User),
        (prefix + "name", holder.Name),
    ];

    private static DbParameter Parameter(DbParameter parameter, string name, object? value)
    {
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        if (value is null)
        {
            parameter.DbType = name == "since" ? DbType.Int64 : DbType.Int32;
        }
        return parameter;
    }

    private static void AddParameters(DbParameterCollection parameters, Func<DbParameter> create, Statement statement)
    {
        foreach (var (name, value) in statement.Parameters)
        {
            parameters.Add(Parameter(create(), name, value));
        }
    }

    private static void Add(DbCommand command, string name, object? value) =>
        command.Parameters.Add(Parameter(command.CreateParameter(), name, value));
}
