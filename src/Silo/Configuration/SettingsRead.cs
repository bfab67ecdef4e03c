namespace PortKeeper.Silo.Configuration;

/// <summary>What <see cref="PortKeeperSettings.Read"/> found: the node's settings, or every bad setting.</summary>
public abstract record SettingsRead
{
    private SettingsRead()
    {
    }

    /// <summary>Every setting is good.</summary>
    public sealed record Ok(PortKeeperSettings Settings) : SettingsRead;

    /// <summary>Some are not: one line each, naming the option as the user typed it.</summary>
    /// <remarks>Record equality compares <see cref="Errors"/> by reference.</remarks>
    public sealed record Failed(IReadOnlyList<string> Errors) : SettingsRead
    {
        /// <summary>The errors in the one line a node prints when it cannot start.</summary>
        public string Line => string.Join("; ", Errors);
    }
}
