namespace PortKeeper.Integration.Tests.Storage;

/// <summary>A small state for storage tests.</summary>
public sealed class Counter
{
    public int Value { get; set; }

    public string Note { get; set; } = "";
}
