using static PortKeeper.Integration.Tests.Storage.StorageHarness;

namespace PortKeeper.Integration.Tests.Storage;

public sealed class DataFolderLockTests : IDisposable
{
    private readonly TempDataFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Second_open_of_a_held_folder_fails_naming_the_folder()
    {
        await using var first = OpenLog(_folder.Path);

        var error = Assert.Throws<IOException>(() => OpenLog(_folder.Path));

        Assert.Contains(Path.GetFullPath(_folder.Path), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Folder_can_be_opened_again_once_released()
    {
        var first = OpenLog(_folder.Path);
        await first.DisposeAsync();

        await using var second = OpenLog(_folder.Path);

        Assert.True(second.IsHealthy);
    }
}
