using System.Collections.Immutable;

namespace PortKeeper.Contracts;

/// <summary>
/// What <c>--import</c> has taken over in one pool (key: the pool's name), by source file and entry,
/// so that a legacy lease is taken over once: an import left in a unit file never brings back a
/// lease an operator released since.
/// </summary>
[Alias("PortKeeper.IImportGrain")]
public interface IImportGrain : IGrainWithStringKey
{
    /// <summary>The entries taken over so far.</summary>
    [Alias("Imported")]
    Task<ImmutableArray<string>> ImportedAsync();

    /// <summary>Records <paramref name="entries"/> as taken over, durably; false when storage failed (nothing recorded).</summary>
    [Alias("Record")]
    Task<bool> RecordAsync(ImmutableArray<string> entries);
}
