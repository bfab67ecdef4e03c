namespace PortKeeper.Integration.Tests.Storage;

/// <summary>A fresh data folder under the temp folder, deleted with everything in it at the end.</summary>
public sealed class TempDataFolder : IDisposable
{
    public TempDataFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "portkeeper-tests", Guid.NewGuid().ToString("N"));

    public string LogPath => System.IO.Path.Combine(Path, "state.log");

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
