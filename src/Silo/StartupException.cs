namespace PortKeeper.Silo;

/// <summary>A node cannot start; <see cref="Failure"/> says what failed, the message is one line saying why.</summary>
public sealed class StartupException : Exception
{
    public StartupException()
        : this(StartupFailure.Setting, "the node cannot start")
    {
    }

    public StartupException(string message)
        : this(StartupFailure.Setting, message)
    {
    }

    public StartupException(string message, Exception innerException)
        : this(StartupFailure.Setting, message, innerException)
    {
    }

    public StartupException(StartupFailure failure, string message, Exception? innerException = null)
        : base(message, innerException) => Failure = failure;

    /// <summary>What failed.</summary>
    public StartupFailure Failure { get; }
}
