namespace PortKeeper.Silo.Postgres;

/// <summary>A node's port range differs from the one its cluster hands out; the message names both and the way out.</summary>
public sealed class ClusterRangeException : Exception
{
    public ClusterRangeException()
    {
    }

    public ClusterRangeException(string message)
        : base(message)
    {
    }

    public ClusterRangeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
