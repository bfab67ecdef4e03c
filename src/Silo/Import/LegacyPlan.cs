using PortKeeper.Contracts;

namespace PortKeeper.Silo.Import;

/// <summary>A port an earlier keeper gave a key, and where that was read.</summary>
public sealed record LegacyClaim(LeaseKey Key, int Port, string Source);

/// <summary>What an earlier keeper's data says, and what of it could not be taken over.</summary>
public sealed record LegacyPlan(IReadOnlyList<LegacyClaim> Claims, IReadOnlyList<string> Problems)
{
    /// <summary>A plan with nothing to import and one problem.</summary>
    public static LegacyPlan Failed(string problem) => new([], [problem]);
}
