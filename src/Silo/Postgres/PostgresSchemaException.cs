namespace PortKeeper.Silo.Postgres;

/// <summary>PortKeeper's PostgreSQL database cannot be reached or prepared; the message says which and why.</summary>
public sealed class PostgresSchemaException : Exception
{
    public PostgresSchemaException()
    {
    }

    public PostgresSchemaException(string message)
        : base(message)
    {
    }

    public PostgresSchemaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
