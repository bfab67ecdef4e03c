using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace PortKeeper.Silo.Hosting;

/// <summary>How grain state is written to storage.</summary>
internal static class StateSerialization
{
    /// <summary>
    /// Stores the state of storage <paramref name="name"/> in Orleans' binary format: version
    /// tolerant through the <c>[Id]</c> and <c>[Alias]</c> of every stored type, and a third the
    /// size of JSON for the pool's bitmaps, which are written on every first allocation.
    /// </summary>
    public static IServiceCollection UseBinaryStateSerializer<TOptions>(this IServiceCollection services, string name)
        where TOptions : class, IStorageProviderSerializerOptions
    {
        services.AddOptions<TOptions>(name)
            .Configure<Serializer>((options, serializer) => options.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
        return services;
    }
}
