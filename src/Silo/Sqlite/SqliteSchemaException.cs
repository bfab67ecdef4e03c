namespace PortKeeper.Silo.Sqlite;

/// <summary>PortKeeper's SQLite database cannot be opened, written or prepared; the message names the file and why.</summary>
public sealed class SqliteSchemaException : Exception
{
    public SqliteSchemaException()
    {
    }

    public SqliteSchemaException(string message)
        : base(message)
    {
    }

    public SqliteSchemaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
