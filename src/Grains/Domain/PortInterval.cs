namespace PortKeeper.Domain;

/// <summary>An inclusive run of ports, <c>First</c> to <c>Last</c>.</summary>
[GenerateSerializer, Immutable, Alias("PortKeeper.PortInterval")]
public readonly record struct PortInterval([property: Id(0)] int First, [property: Id(1)] int Last)
{
    /// <summary>Number of ports in the run.</summary>
    public int Count => Last - First + 1;

    /// <inheritdoc />
    public override string ToString() => First == Last ? $"{First}" : $"{First}-{Last}";
}
