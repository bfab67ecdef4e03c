using PortKeeper.Silo.Sqlite;

namespace PortKeeper.Integration.Tests.Sqlite;

/// <summary>A fresh data folder under the temp folder, deleted with everything in it at the end.</summary>
public sealed class TempDataFolder : IDisposable
{
    public TempDataFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = Directory.CreateTempSubdirectory("portkeeper-sqlite-").FullName;

    /// <summary>The folder's database, as a node opens it.</summary>
    public SqliteDataSource Database => SqliteDataSource.InDataDirectory(Path);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
