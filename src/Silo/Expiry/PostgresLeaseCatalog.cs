using System.Runtime.CompilerServices;
using Npgsql;
using Orleans.Serialization;
using Orleans.Storage;

namespace PortKeeper.Silo.Expiry;

/// <summary>The grain states stored in PostgreSQL by Orleans' ADO.NET grain storage, read in one query.</summary>
internal sealed class PostgresLeaseCatalog(string connectionString, string serviceId, Serializer serializer) : ILeaseCatalog
{
    private readonly OrleansGrainStorageSerializer _states = new(serializer);

    public async IAsyncEnumerable<(string GrainKey, T State)> ReadAsync<T>(string stateName, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        // The provider stores the state name as the grain type, and a string key as the extension.
        await using var query = new NpgsqlCommand(
            "SELECT grainidextensionstring, payloadbinary FROM orleansstorage WHERE serviceid = @service AND graintypestring = @state AND payloadbinary IS NOT NULL",
            connection);
        query.Parameters.AddWithValue("service", serviceId);
        query.Parameters.AddWithValue("state", stateName);
        await using var rows = await query.ExecuteReaderAsync(cancellationToken);
        while (await rows.ReadAsync(cancellationToken))
        {
            if (!rows.IsDBNull(0) && _states.Deserialize<T>(new BinaryData((byte[])rows[1])) is { } state)
            {
                yield return (rows.GetString(0), state);
            }
        }
    }
}
