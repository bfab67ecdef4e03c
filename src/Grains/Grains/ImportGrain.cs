using System.Collections.Immutable;
using PortKeeper.Contracts;

namespace PortKeeper.Grains;

/// <summary>What an import took over in one pool, stored as one small record.</summary>
public sealed class ImportGrain(
    [PersistentState(StorageNames.ImportState, StorageNames.Provider)] IPersistentState<ImportRecord> store) : Grain, IImportGrain
{
    Task<ImmutableArray<string>> IImportGrain.ImportedAsync() => Task.FromResult(store.State.Entries.ToImmutableArray());

    async Task<bool> IImportGrain.RecordAsync(ImmutableArray<string> entries)
    {
        var known = store.State.Entries.ToHashSet(StringComparer.Ordinal);
        var added = entries.Where(known.Add).ToList();
        if (added.Count == 0)
        {
            return true;
        }
        store.State.Entries.AddRange(added);
        try
        {
            await store.WriteStateAsync();
            return true;
        }
        catch (Exception)
        {
            // Whether the write landed is unknown: the next activation reads what storage has.
            store.State.Entries.RemoveRange(store.State.Entries.Count - added.Count, added.Count);
            DeactivateOnIdle();
            return false;
        }
    }
}
