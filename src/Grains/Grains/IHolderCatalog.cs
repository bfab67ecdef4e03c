using PortKeeper.Contracts;

namespace PortKeeper.Grains;

/// <summary>What the users and groups of a pool hold, as storage has it, for the repair of its claims.</summary>
public interface IHolderCatalog
{
    /// <summary>Every port a stored user or group of <paramref name="pool"/> holds. Throws when storage cannot be read.</summary>
    IAsyncEnumerable<(LeaseKey Holder, int Port)> ReadHeldAsync(string pool, CancellationToken cancellationToken);

    /// <summary>Every user of <paramref name="pool"/> with a limit of its own, as stored. Throws when storage cannot be read.</summary>
    IAsyncEnumerable<(string User, UserLimit Limit)> ReadLimitsAsync(string pool, CancellationToken cancellationToken);
}
