using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using PortKeeper.Contracts;
using PortKeeper.Domain;
using PortKeeper.Grains;
using PortKeeper.Silo.Storage;

namespace PortKeeper.Silo.Expiry;

/// <summary>The leases of the embedded store, read from its memory.</summary>
internal sealed class EmbeddedLeaseCatalog(IServiceProvider services) : ILeaseCatalog
{
    public async IAsyncEnumerable<(LeaseKey Key, LeaseState Lease)> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        var storage = services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Provider) as EmbeddedGrainStorage
            ?? throw new InvalidOperationException("the embedded lease catalog needs the embedded store");
        foreach (var (grainId, record) in storage.ReadAll<LeaseRecord>(StorageNames.LeaseState))
        {
            // Grain ids read "lease/<lease key>".
            if (record.Port > 0 && LeaseKey.Parse(grainId[(grainId.IndexOf('/', StringComparison.Ordinal) + 1)..]) is { } key)
            {
                yield return (key, record.ToState());
            }
        }
    }
}
