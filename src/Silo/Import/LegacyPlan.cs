using PortKeeper.Contracts;

namespace PortKeeper.Silo.Import;

/// <summary>
/// A port an earlier keeper gave a key, where that was read (the file, and the line where the format
/// has lines), and when the earlier keeper granted it, where the format kept that.
/// </summary>
public sealed record LegacyClaim(LeaseKey Key, int Port, string Source, DateTimeOffset? CreatedAt = null);

/// <summary>
/// What an earlier keeper's data says, and what of it could not be taken over. <c>Unreadable</c> says
/// why the data is none of the known formats at all (or is broken as a whole): start-up then stops.
/// </summary>
public sealed record LegacyPlan(IReadOnlyList<LegacyClaim> Claims, IReadOnlyList<string> Problems, string? Unreadable = null)
{
    /// <summary>A plan of data that cannot be read at all: nothing to import, and why.</summary>
    public static LegacyPlan Failed(string problem) => new([], [problem], problem);
}
