using PortKeeper.Silo.Sqlite;

namespace PortKeeper.Integration.Tests.Sqlite;

/// <summary>Plain SQL on a PortKeeper SQLite database, for tests that look behind the provider.</summary>
internal static class SqliteSql
{
    public static async Task ExecuteAsync(this SqliteDataSource database, string sql)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<List<T>> ColumnAsync<T>(this SqliteDataSource database, string sql)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<T>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetFieldValue<T>(0));
        }
        return values;
    }
}
