using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using PortKeeper.Silo.Hosting;

namespace PortKeeper.Silo.Storage;

/// <summary>Registers <see cref="EmbeddedGrainStorage"/> with a silo.</summary>
public static class EmbeddedGrainStorageExtensions
{
    /// <summary>
    /// Adds embedded grain storage named <paramref name="name"/> keeping its data in
    /// <paramref name="dataDir"/>. Returns the builder; a folder that cannot be opened or is owned by
    /// another process makes the silo fail to start.
    /// </summary>
    public static ISiloBuilder AddEmbeddedGrainStorage(this ISiloBuilder builder, string name, string dataDir) =>
        builder.AddEmbeddedGrainStorage(name, options => options.DataDirectory = dataDir);

    /// <summary>Adds embedded grain storage named <paramref name="name"/>, configured by <paramref name="configure"/>.</summary>
    public static ISiloBuilder AddEmbeddedGrainStorage(
        this ISiloBuilder builder, string name, Action<EmbeddedGrainStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.ConfigureServices(services =>
        {
            services.AddOptions<EmbeddedGrainStorageOptions>(name)
                .Configure(configure)
                .Validate(o => !string.IsNullOrWhiteSpace(o.DataDirectory), "The data folder of the embedded grain storage is empty.")
                .Validate(o => o.CompactionRatio >= 2, "The compaction ratio of the embedded grain storage must be at least 2.");
            services.UseBinaryStateSerializer<EmbeddedGrainStorageOptions>(name);
            services.AddTransient<
                IPostConfigureOptions<EmbeddedGrainStorageOptions>,
                DefaultStorageProviderSerializerOptionsConfigurator<EmbeddedGrainStorageOptions>>();
            services.AddGrainStorage(name, (services, key) => ActivatorUtilities.CreateInstance<EmbeddedGrainStorage>(
                services, key, services.GetRequiredService<IOptionsMonitor<EmbeddedGrainStorageOptions>>().Get(key)));
        });
    }
}
