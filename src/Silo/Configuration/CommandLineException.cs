namespace PortKeeper.Silo.Configuration;

/// <summary>The command line holds an unknown option, a stray argument or an option without its value; the message is one line.</summary>
public sealed class CommandLineException : Exception
{
    public CommandLineException()
    {
    }

    public CommandLineException(string message)
        : base(message)
    {
    }

    public CommandLineException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
