namespace PortKeeper.Silo.Expiry;

/// <summary>Grain states as storage holds them, for the expiry sweep.</summary>
public interface ILeaseCatalog
{
    /// <summary>
    /// Every stored state of <paramref name="stateName"/> with the key of its grain; unreadable entries
    /// are skipped. Throws when storage cannot be read.
    /// </summary>
    IAsyncEnumerable<(string GrainKey, T State)> ReadAsync<T>(string stateName, CancellationToken cancellationToken);
}
