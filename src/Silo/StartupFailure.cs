namespace PortKeeper.Silo;

/// <summary>What stopped a node from starting; <see cref="Hosting.NodeRunner"/> gives each its exit code.</summary>
public enum StartupFailure
{
    /// <summary>A setting is missing or invalid (command line, appsettings.json, environment); the message names it.</summary>
    Setting,

    /// <summary>The node's pools and ranges differ from those its cluster hands out; the message names both and the way out.</summary>
    ClusterPorts,

    /// <summary>PortKeeper's PostgreSQL database cannot be reached or prepared; the message says which and why.</summary>
    PostgresDatabase,

    /// <summary>PortKeeper's SQLite database or its data folder cannot be created, opened or written; the message names the file.</summary>
    SqliteDatabase,
}
