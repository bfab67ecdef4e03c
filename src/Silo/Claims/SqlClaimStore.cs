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
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var change in changes)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            Describe(command, pool, change);
            int affected;
            try
            {
                affected = await command.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (DbException e) when (isUniqueViolation(e))
            {
                throw new ClaimConflictException($"{Port(change)} of pool {pool} already has a holder", e);
            }
            if (affected != 1)
            {
                throw new ClaimConflictException($"{Port(change)} of pool {pool} is no longer held as this pool expected");
            }
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private static PoolPort Port(ClaimChange change) => change switch
    {
        ClaimChange.Add add => add.Claim.Port,
        ClaimChange.Change changed => changed.Claim.Port,
        ClaimChange.Remove removed => removed.Port,
        _ => throw new ArgumentOutOfRangeException(nameof(change)),
    };

    private void Describe(DbCommand command, string pool, ClaimChange change)
    {
        Add(command, "service", serviceId);
        Add(command, "pool", pool);
        switch (change)
        {
            case ClaimChange.Add(var claim):
                command.CommandText = $"INSERT INTO portkeeper_claims (serviceid, pool, {Columns}) "
                    + "VALUES (@service, @pool, @protocol, @port, @kind, @user, @name, @pending, @replacing, @since)";
                AddClaim(command, claim);
                break;
            case ClaimChange.Change(var holder, var claim, var was):
                command.CommandText = "UPDATE portkeeper_claims SET holder_kind = @kind, holder_user = @user, holder_name = @name, "
                    + $"pending = @pending, replacing = @replacing, since = @since WHERE {AtPort} AND {Holder}";
                AddClaim(command, claim);
                AddHolder(command, "old_", holder, was);
                break;
            case ClaimChange.Remove(var port, var holder, var was):
                command.CommandText = $"DELETE FROM portkeeper_claims WHERE {AtPort} AND {Holder}";
                Add(command, "protocol", (short)port.Protocol);
                Add(command, "port", port.Port);
                AddHolder(command, "old_", holder, was);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(change));
        }
    }

    private static void AddClaim(DbCommand command, Claim claim)
    {
        Add(command, "protocol", (short)claim.Port.Protocol);
        Add(command, "port", claim.Port.Port);
        AddHolder(command, "", claim.Holder, claim.Kind);
        Add(command, "pending", claim.Pending);
        Add(command, "replacing", claim.Replacing);
        Add(command, "since", claim.Since?.ToUnixTimeMilliseconds());
    }

    private static void AddHolder(DbCommand command, string prefix, LeaseKey holder, ClaimKind kind)
    {
        Add(command, prefix + "kind", (short)(kind switch
        {
            ClaimKind.Reserved => ReservedCode,
            ClaimKind.Blocked => BlockedCode,
            _ => holder.IsGroup ? GroupCode : 0,
        }));
        Add(command, prefix + "user", holder.IsGroup ? "" : holder.User);
        Add(command, prefix + "name", holder.Name);
    }

    private static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        if (value is null)
        {
            parameter.DbType = name == "since" ? DbType.Int64 : DbType.Int32;
        }
        command.Parameters.Add(parameter);
    }
}
