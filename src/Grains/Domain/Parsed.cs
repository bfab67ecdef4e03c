namespace PortKeeper.Domain;

/// <summary>Either a value or the reason there is none.</summary>
public abstract record Parsed<T>
{
    private Parsed() { }

    /// <summary>A successful parse.</summary>
    public sealed record Ok(T Value) : Parsed<T>;

    /// <summary>A failed parse; <c>Error</c> names the piece that is wrong.</summary>
    public sealed record Error(string Message) : Parsed<T>;
}
