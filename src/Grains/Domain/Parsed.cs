using System.Diagnostics.CodeAnalysis;

namespace PortKeeper.Domain;

/// <summary>Either a value or the reason there is none.</summary>
public abstract record Parsed<T>
{
    private Parsed() { }

    /// <summary>Whether this is <see cref="Ok"/>: then <paramref name="value"/> is its value, else <paramref name="problem"/> the message of <see cref="Error"/>.</summary>
    public bool TryGet([MaybeNullWhen(false)] out T value, [NotNullWhen(false)] out string? problem)
    {
        switch (this)
        {
            case Ok ok:
                (value, problem) = (ok.Value, null);
                return true;
            case Error error:
                (value, problem) = (default, error.Message);
                return false;
            default:
                throw new InvalidOperationException($"unknown parse {GetType().Name}");
        }
    }

    /// <summary>A successful parse.</summary>
    public sealed record Ok(T Value) : Parsed<T>;

    /// <summary>A failed parse; <c>Error</c> names the piece that is wrong.</summary>
    public sealed record Error(string Message) : Parsed<T>;
}
