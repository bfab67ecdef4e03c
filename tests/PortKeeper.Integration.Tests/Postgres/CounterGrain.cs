using PortKeeper.Grains;

namespace PortKeeper.Integration.Tests.Postgres;

/// <summary>A test grain whose whole job is to persist one number through PortKeeper's storage.</summary>
[Alias("PortKeeper.Tests.ICounterGrain")]
public interface ICounterGrain : IGrainWithStringKey
{
    [Alias("Get")]
    Task<CounterSnapshot> GetAsync();

    [Alias("Set")]
    Task SetAsync(int value);
}

[GenerateSerializer, Immutable, Alias("PortKeeper.Tests.CounterSnapshot")]
public sealed record CounterSnapshot([property: Id(0)] int Value, [property: Id(1)] bool RecordExists, [property: Id(2)] string? ETag);

[GenerateSerializer, Alias("PortKeeper.Tests.CounterState")]
public sealed class CounterState
{
    [Id(0)]
    public int Value { get; set; }
}

public sealed class CounterGrain([PersistentState("counter", StorageNames.Provider)] IPersistentState<CounterState> state)
    : Grain, ICounterGrain
{
    Task<CounterSnapshot> ICounterGrain.GetAsync() =>
        Task.FromResult(new CounterSnapshot(state.State.Value, state.RecordExists, state.Etag));

    Task ICounterGrain.SetAsync(int value)
    {
        state.State.Value = value;
        return state.WriteStateAsync();
    }
}
