using PortKeeper.Silo.Sqlite;

namespace PortKeeper.Integration.Tests.Sqlite;

public sealed class DataFolderLockTests : IDisposable
{
    private readonly TempDataFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void second_lock_of_a_held_folder_fails_naming_the_folder()
    {
        using var first = DataDirectoryLock.Acquire(_folder.Path);

        var error = Assert.Throws<IOException>(() => DataDirectoryLock.Acquire(_folder.Path));

        Assert.Contains($"The data folder '{_folder.Path}' is in use by another PortKeeper process", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void folder_can_be_locked_again_once_released()
    {
        DataDirectoryLock.Acquire(_folder.Path).Dispose();

        using var second = DataDirectoryLock.Acquire(_folder.Path);
    }
}
