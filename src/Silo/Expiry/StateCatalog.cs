using System.Data.Common;
using System.Runtime.CompilerServices;
using Orleans.Serialization;
using Orleans.Storage;

namespace PortKeeper.Silo.Expiry;

/// <summary>
/// Reads every stored state of one state name straight from the table of Orleans' ADO.NET grain
/// storage, in one query, on PostgreSQL and SQLite alike (both schemas name the columns the same).
/// States are decoded with the binary serializer the provider writes them with.
/// </summary>
public sealed class StateCatalog(DbDataSource database, string serviceId, Serializer serializer)
{
    private readonly OrleansGrainStorageSerializer _states = new(serializer);

    /// <summary>
    /// The states named <paramref name="stateName"/> of string-keyed grains, with the grain's key;
    /// cleared states (and payloads that decode to null) are skipped. A string key that Orleans reads
    /// as a number or a guid (<c>"a"</c>, <c>"1234"</c>: hexadecimal) is stored as that number, with
    /// no string, and is not returned: give such grains keys with a non-hexadecimal part. Throws when the database cannot be read, or a payload cannot be
    /// decoded as <typeparamref name="T"/>.
    /// </summary>
    public async IAsyncEnumerable<(string GrainKey, T State)> ReadAsync<T>(string stateName, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var query = connection.CreateCommand();
        // The provider stores the state name as the grain type, and a string key as the extension.
        query.CommandText =
            "SELECT grainidextensionstring, payloadbinary FROM orleansstorage " +
            "WHERE serviceid = @service AND graintypestring = @state AND payloadbinary IS NOT NULL AND grainidextensionstring IS NOT NULL";
        Add(query, "@service", serviceId);
        Add(query, "@state", stateName);
        await using var rows = await query.ExecuteReaderAsync(cancellationToken);
        while (await rows.ReadAsync(cancellationToken))
        {
            if (_states.Deserialize<T>(new BinaryData((byte[])rows[1])) is { } state)
            {
                yield return (rows.GetString(0), state);
            }
        }
    }

    /// <summary>
    /// The state named <paramref name="stateName"/> of the grain keyed <paramref name="grainKey"/> (a
    /// key with a non-hexadecimal part, as above); null when none is stored or it was cleared.
    /// Throws when the database cannot be read, or the payload cannot be decoded as <typeparamref name="T"/>.
    /// </summary>
    public async Task<T?> ReadAsync<T>(string stateName, string grainKey, CancellationToken cancellationToken)
        where T : class
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var query = connection.CreateCommand();
        query.CommandText =
            "SELECT payloadbinary FROM orleansstorage " +
            "WHERE serviceid = @service AND graintypestring = @state AND grainidextensionstring = @key AND payloadbinary IS NOT NULL";
        Add(query, "@service", serviceId);
        Add(query, "@state", stateName);
        Add(query, "@key", grainKey);
        return await query.ExecuteScalarAsync(cancellationToken) is byte[] payload
            ? _states.Deserialize<T>(new BinaryData(payload))
            : null;
    }

    private static void Add(DbCommand command, string name, string value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
