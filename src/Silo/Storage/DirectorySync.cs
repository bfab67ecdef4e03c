using System.Runtime.InteropServices;

namespace PortKeeper.Silo.Storage;

/// <summary>
/// Makes a rename inside a directory durable. .NET has no API for this: FileStream and
/// File.OpenHandle refuse directories on Unix, so the directory is opened and fsynced through libc.
/// </summary>
internal static partial class DirectorySync
{
    private const int ReadOnly = 0;

    /// <summary>
    /// Flushes the directory entries of <paramref name="directory"/> to disk. Throws
    /// <see cref="IOException"/> when the directory cannot be opened or synced. Does nothing on
    /// Windows, where NTFS journals renames and a directory cannot be flushed this way.
    /// </summary>
    public static void Flush(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var fd = Open(directory, ReadOnly);
        if (fd < 0)
        {
            throw new IOException($"Cannot open the folder '{directory}' to flush it (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (FSync(fd) != 0)
            {
                throw new IOException($"Cannot flush the folder '{directory}' to disk (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int FSync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);
}
