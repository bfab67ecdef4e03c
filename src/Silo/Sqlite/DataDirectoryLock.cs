using System.Globalization;
using System.Text;

namespace PortKeeper.Silo.Sqlite;

/// <summary>
/// Exclusive ownership of a data folder, held for the life of the store. FileShare.None takes an
/// flock on Unix, which the kernel releases when the process dies, so a kill -9 leaves no stale lock.
/// </summary>
internal sealed class DataDirectoryLock : IDisposable
{
    /// <summary>Name of the lock file inside the data folder.</summary>
    public const string FileName = "portkeeper.lock";

    private readonly FileStream _stream;

    private DataDirectoryLock(FileStream stream) => _stream = stream;

    /// <summary>
    /// Takes the lock on <paramref name="directory"/>. Throws <see cref="IOException"/> naming the
    /// folder when another process (or another store in this process) holds it.
    /// </summary>
    public static DataDirectoryLock Acquire(string directory)
    {
        var path = Path.Combine(directory, FileName);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new IOException(
                $"The data folder '{directory}' is in use by another PortKeeper process (it holds '{path}'). " +
                "Stop that process or give this one another data folder.",
                e);
        }

        // The pid is only a hint for an operator looking at the folder.
        stream.SetLength(0);
        stream.Write(Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n"));
        stream.Flush();
        return new DataDirectoryLock(stream);
    }

    /// <summary>Releases the lock; never fails.</summary>
    public void Dispose() => _stream.Dispose();
}
