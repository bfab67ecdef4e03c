using PortKeeper.Grains;
namespace PortKeeper.Integration.Tests.Storage;

[Alias("PortKeeper.Integration.Tests.Storage.INoteGrain")]
public interface INoteGrain : IGrainWithStringKey
{
    [Alias("Set")]
    Task SetAsync(string text);

    [Alias("Get")]
    Task<string?> GetAsync();
}

[GenerateSerializer, Alias("PortKeeper.Integration.Tests.Storage.NoteState")]
public sealed class NoteState
{
    [Id(0)]
    public string? Text { get; set; }
}

/// <summary>A grain whose only job is to persist one string through the embedded storage.</summary>
public sealed class NoteGrain(
    [PersistentState("note", StorageNames.Provider)] IPersistentState<NoteState> note) : Grain, INoteGrain
{
    async Task INoteGrain.SetAsync(string text)
    {
        note.State.Text = text;
        await note.WriteStateAsync();
    }

    Task<string?> INoteGrain.GetAsync() => Task.FromResult(note.State.Text);
}
