using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using PortKeeper.Grains;
using PortKeeper.Silo.Storage;

namespace PortKeeper.Silo.Expiry;

/// <summary>The states of the embedded store, read from its memory.</summary>
internal sealed class EmbeddedLeaseCatalog(IServiceProvider services) : ILeaseCatalog
{
    public async IAsyncEnumerable<(string GrainKey, T State)> ReadAsync<T>(string stateName, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        var storage = services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Provider) as EmbeddedGrainStorage
            ?? throw new InvalidOperationException("the embedded lease catalog needs the embedded store");
        foreach (var (grainId, record) in storage.ReadAll<T>(stateName))
        {
            // Grain ids read "<grain type>/<key>".
            yield return (grainId[(grainId.IndexOf('/', StringComparison.Ordinal) + 1)..], record);
        }
    }
}
