using System.Text.Json;
using Orleans.Storage;

namespace PortKeeper.Integration.Tests.Storage;

/// <summary>Plain System.Text.Json, so storage tests need no Orleans serializer set-up.</summary>
public sealed class JsonTestSerializer : IGrainStorageSerializer
{
    public BinaryData Serialize<T>(T? input) => new(JsonSerializer.SerializeToUtf8Bytes(input));

    public T Deserialize<T>(BinaryData input) => input.ToObjectFromJson<T>()!;
}
