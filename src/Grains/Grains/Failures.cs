using System.Data.Common;
using System.Net.Sockets;
using Orleans.Storage;

namespace PortKeeper.Grains;

/// <summary>Tells expected failures (a node lost, storage down) from unexpected ones, and words them for frpc users.</summary>
public static class Failures
{
    /// <summary>The kind of <paramref name="e"/>, from the first telling exception in its chain.</summary>
    public static FailureKind Classify(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            // Orleans' ConnectionFailedException is not public; its response timeout is a plain TimeoutException.
            if (x is SiloUnavailableException or OrleansMessageRejectionException
                || x.GetType().Name == "ConnectionFailedException"
                || (x is TimeoutException && x.Message.StartsWith("Response did not arrive", StringComparison.Ordinal)))
            {
                return FailureKind.NodeUnreachable;
            }
            switch (x)
            {
                case ClaimConflictException or InconsistentStateException:
                    return FailureKind.Moved;
                case DbException or SocketException or TimeoutException:
                    return FailureKind.StorageDown;
            }
        }
        return FailureKind.Unexpected;
    }

    /// <summary>
    /// Whether a user or group activation whose write failed for <paramref name="kind"/> must reload
    /// from storage. Not while storage is down: reloading would fail too, and the activation keeps
    /// answering its known proxies from memory meanwhile. A write that landed although it seemed to
    /// fail is safe without it: the next write carries the old version, is refused as
    /// <see cref="FailureKind.Moved"/>, and reloads then.
    /// </summary>
    public static bool Reloads(FailureKind kind) => kind != FailureKind.StorageDown;

    /// <summary>Why a port could not be recorded, in words an frpc user can read.</summary>
    public static string Describe(FailureKind kind) => kind switch
    {
        FailureKind.NodeUnreachable => "a node of its cluster is unreachable",
        FailureKind.StorageDown => "its storage is down or not answering",
        FailureKind.Moved => "its state is moving to another node",
        _ => "an unexpected error, written to its log",
    };
}
