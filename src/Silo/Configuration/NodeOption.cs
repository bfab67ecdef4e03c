namespace PortKeeper.Silo.Configuration;

/// <summary>
/// One option of a node, as <see cref="NodeOptions"/> lists it: its switch, configuration key and
/// environment variable; the value it takes and what it means, one line each for <c>--help</c>; how
/// its text becomes its value in <see cref="PortKeeperOptions"/>, and the rule that value keeps.
/// </summary>
internal sealed record NodeOption(string Property, string Switch, string Value, string Meaning)
{
    /// <summary>The configuration key, <c>PortKeeper:AllowPorts</c>.</summary>
    public string Key => $"{PortKeeperOptions.Section}:{Property}";

    /// <summary>The environment variable, <c>PortKeeper__AllowPorts</c>.</summary>
    public string Variable => $"{PortKeeperOptions.Section}__{Property}";

    /// <summary>Sets the option's value from its text; returns why the text is no such value, or null when it was set.</summary>
    public Func<string, PortKeeperOptions, string?> Set { get; init; } = (_, _) => null;

    /// <summary>Returns why the option's value breaks its rule, or null when it keeps it; for a set value and a default alike.</summary>
    public Func<PortKeeperOptions, string?> Rule { get; init; } = _ => null;

    /// <summary>The option's value in the options, as <c>--help</c> shows its default; null when there is none to show.</summary>
    public Func<PortKeeperOptions, object?> Get { get; init; } = _ => null;

    /// <summary>Whether the option takes <c>true</c> or <c>false</c>.</summary>
    public bool TakesTrueOrFalse => Value == "<bool>";
}
