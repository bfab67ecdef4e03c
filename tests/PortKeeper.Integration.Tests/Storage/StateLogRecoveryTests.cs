using static PortKeeper.Integration.Tests.Storage.StorageHarness;

namespace PortKeeper.Integration.Tests.Storage;

public sealed class StateLogRecoveryTests : IDisposable
{
    private readonly TempDataFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(new byte[] { 0x2A })]
    [InlineData(new byte[] { 0x40, 0x00, 0x00, 0x00, 0xDE, 0xAD })]
    [InlineData(new byte[] { 0x10, 0x00, 0x00, 0x00, 0x01, 0x02, 0x03, 0x04, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 })]
    public async Task Garbage_tail_is_cut_off_and_every_complete_record_survives(byte[] garbage)
    {
        await WriteCountersAsync(1, 10);
        var intactLength = new FileInfo(_folder.LogPath).Length;
        await File.AppendAllBytesAsync(_folder.LogPath, garbage);

        await using (var log = OpenLog(_folder.Path))
        {
            Assert.Equal(intactLength, log.LogLength);
            Assert.All(Enumerable.Range(1, 10), n => Assert.Equal($"v{n}", Text(log.Read(Key(n)))));
            await log.WriteAsync(Key(11), null, Bytes("v11"));
        }

        await using var reopened = OpenLog(_folder.Path);
        Assert.Equal("v11", Text(reopened.Read(Key(11))));
    }

    [Fact]
    public async Task Record_torn_at_every_byte_loses_only_that_record()
    {
        await WriteCountersAsync(1, 3);
        var before = await File.ReadAllBytesAsync(_folder.LogPath);
        await WriteCountersAsync(4, 4);
        var after = await File.ReadAllBytesAsync(_folder.LogPath);

        for (var cut = before.Length; cut < after.Length; cut++)
        {
            await File.WriteAllBytesAsync(_folder.LogPath, after[..cut]);
            await using var log = OpenLog(_folder.Path);

            Assert.Equal("v3", Text(log.Read(Key(3))));
            Assert.Null(log.Read(Key(4)));
            Assert.Equal(before.Length, log.LogLength);
        }
    }

    [Fact]
    public async Task Flipped_bit_in_the_last_record_drops_that_record()
    {
        await WriteCountersAsync(1, 2);
        var bytes = await File.ReadAllBytesAsync(_folder.LogPath);
        bytes[^2] ^= 0x01;
        await File.WriteAllBytesAsync(_folder.LogPath, bytes);

        await using var log = OpenLog(_folder.Path);

        Assert.Equal(("v1", "(none)"), (Text(log.Read(Key(1))), Text(log.Read(Key(2)))));
    }

    [Fact]
    public async Task Leftover_compaction_file_is_ignored()
    {
        await WriteCountersAsync(1, 2);
        await File.WriteAllBytesAsync(Path.Combine(_folder.Path, "state.log.compact"), [1, 2, 3]);

        await using var log = OpenLog(_folder.Path);

        Assert.Equal("v2", Text(log.Read(Key(2))));
        Assert.False(File.Exists(Path.Combine(_folder.Path, "state.log.compact")));
    }

    [Fact]
    public async Task Foreign_file_in_place_of_the_log_is_refused()
    {
        await File.WriteAllTextAsync(_folder.LogPath, "this is not a state log, but someone's notes");

        var error = Assert.Throws<InvalidDataException>(() => OpenLog(_folder.Path));

        Assert.Contains(_folder.LogPath, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_data_folder_is_created()
    {
        var nested = Path.Combine(_folder.Path, "a", "b");

        await using var log = OpenLog(nested);

        Assert.True(File.Exists(Path.Combine(nested, "state.log")));
    }

    private async Task WriteCountersAsync(int from, int to)
    {
        await using var log = OpenLog(_folder.Path);
        for (var n = from; n <= to; n++)
        {
            await log.WriteAsync(Key(n), null, Bytes($"v{n}"));
        }
    }
}
