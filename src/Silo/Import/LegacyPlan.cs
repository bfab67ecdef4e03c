namespace PortKeeper.Silo.Import;

/// <summary>
/// What an earlier keeper's data says, and what of it could not be taken over. <c>Unreadable</c> says
/// why the data is none of the known formats at all (or is broken as a whole): start-up then stops.
/// </summary>
public sealed record LegacyPlan(IReadOnlyList<LegacyClaim> Claims, IReadOnlyList<string> Problems, string? Unreadable = null)
{
    /// <summary>A plan of data that cannot be read at all: nothing to import, and why.</summary>
    public static LegacyPlan Failed(string problem) => new([], [problem], problem);
}
