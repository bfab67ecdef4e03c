using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace PortKeeper.Silo.Storage;

/// <summary>
/// Encodes and decodes records of the state log. A record on disk is
/// <c>u32 payload length | u32 CRC-32 of (length bytes + payload) | payload</c>, little-endian.
/// A payload is <c>u8 kind | i64 sequence</c> followed, for a checkpoint, by the 8-byte format magic,
/// and for a put or clear by <c>i32 length + UTF-8 state name | i32 length + UTF-8 grain id</c>
/// and, for a put only, <c>i32 length + state bytes</c>.
/// </summary>
internal static class LogRecordCodec
{
    /// <summary>Bytes before the payload: length and checksum.</summary>
    public const int HeaderLength = 8;

    private const int MinimumPayloadLength = 1 + sizeof(long);

    private static ReadOnlySpan<byte> Magic => "PKSTATE1"u8;

    /// <summary>Returns the number of bytes the record of a put or clear takes on disk.</summary>
    public static int EncodedLength(StateKey key, byte[]? data) =>
        HeaderLength + MinimumPayloadLength + KeyLength(key) + (data is null ? 0 : sizeof(int) + data.Length);

    /// <summary>Appends a checkpoint record carrying <paramref name="sequence"/>.</summary>
    public static void WriteCheckpoint(IBufferWriter<byte> output, long sequence)
    {
        var payload = Begin(output, MinimumPayloadLength + Magic.Length, LogRecordKind.Checkpoint, sequence, out var record);
        Magic.CopyTo(payload);
        Seal(output, record);
    }

    /// <summary>Appends a put record, or a clear record when <paramref name="data"/> is null.</summary>
    public static void WriteChange(IBufferWriter<byte> output, StateKey key, long sequence, byte[]? data)
    {
        var kind = data is null ? LogRecordKind.Clear : LogRecordKind.Put;
        var length = EncodedLength(key, data) - HeaderLength;
        var payload = Begin(output, length, kind, sequence, out var record);
        payload = WriteString(payload, key.StateName);
        payload = WriteString(payload, key.GrainId);
        if (data is not null)
        {
            BinaryPrimitives.WriteInt32LittleEndian(payload, data.Length);
            data.CopyTo(payload[sizeof(int)..]);
        }

        Seal(output, record);
    }

    /// <summary>Reads the payload length from a record header; returns -1 when it cannot be a record.</summary>
    public static long PayloadLength(ReadOnlySpan<byte> header)
    {
        var length = BinaryPrimitives.ReadUInt32LittleEndian(header);
        return length < MinimumPayloadLength ? -1 : length;
    }

    /// <summary>Returns whether the checksum in <paramref name="header"/> matches <paramref name="payload"/>.</summary>
    public static bool IsIntact(ReadOnlySpan<byte> header, ReadOnlySpan<byte> payload) =>
        BinaryPrimitives.ReadUInt32LittleEndian(header[4..]) == Crc32.Append(Crc32.Compute(header[..4]), payload);

    /// <summary>
    /// Decodes an intact payload. Throws <see cref="InvalidDataException"/> when the structure is
    /// wrong, which with a matching checksum means the file was not written by this format.
    /// </summary>
    public static LogRecord Decode(ReadOnlySpan<byte> payload)
    {
        var kind = (LogRecordKind)payload[0];
        var sequence = BinaryPrimitives.ReadInt64LittleEndian(payload[1..]);
        var rest = payload[MinimumPayloadLength..];
        switch (kind)
        {
            case LogRecordKind.Checkpoint when rest.SequenceEqual(Magic):
                return new LogRecord(kind, sequence, default, null);
            case LogRecordKind.Put or LogRecordKind.Clear:
                var stateName = ReadString(ref rest);
                var grainId = ReadString(ref rest);
                var data = kind == LogRecordKind.Put ? ReadBytes(ref rest) : null;
                return rest.IsEmpty
                    ? new LogRecord(kind, sequence, new StateKey(stateName, grainId), data)
                    : throw new InvalidDataException("A state log record has trailing bytes.");
            default:
                throw new InvalidDataException($"Unknown state log record kind {(byte)kind}.");
        }
    }

    private static int KeyLength(StateKey key) =>
        (2 * sizeof(int)) + Encoding.UTF8.GetByteCount(key.StateName) + Encoding.UTF8.GetByteCount(key.GrainId);

    private static Span<byte> Begin(IBufferWriter<byte> output, int payloadLength, LogRecordKind kind, long sequence, out Span<byte> record)
    {
        record = output.GetSpan(HeaderLength + payloadLength)[..(HeaderLength + payloadLength)];
        BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)payloadLength);
        record[HeaderLength] = (byte)kind;
        BinaryPrimitives.WriteInt64LittleEndian(record[(HeaderLength + 1)..], sequence);
        return record[(HeaderLength + MinimumPayloadLength)..];
    }

    private static void Seal(IBufferWriter<byte> output, Span<byte> record)
    {
        var crc = Crc32.Append(Crc32.Compute(record[..4]), record[HeaderLength..]);
        BinaryPrimitives.WriteUInt32LittleEndian(record[4..], crc);
        output.Advance(record.Length);
    }

    private static Span<byte> WriteString(Span<byte> destination, string value)
    {
        var written = Encoding.UTF8.GetBytes(value, destination[sizeof(int)..]);
        BinaryPrimitives.WriteInt32LittleEndian(destination, written);
        return destination[(sizeof(int) + written)..];
    }

    private static string ReadString(ref ReadOnlySpan<byte> source) => Encoding.UTF8.GetString(ReadSpan(ref source));

    private static byte[] ReadBytes(ref ReadOnlySpan<byte> source) => ReadSpan(ref source).ToArray();

    private static ReadOnlySpan<byte> ReadSpan(ref ReadOnlySpan<byte> source)
    {
        var length = source.Length >= sizeof(int) ? BinaryPrimitives.ReadInt32LittleEndian(source) : -1;
        if (length < 0 || length > source.Length - sizeof(int))
        {
            throw new InvalidDataException("A state log record has a field longer than the record.");
        }

        var value = source.Slice(sizeof(int), length);
        source = source[(sizeof(int) + length)..];
        return value;
    }
}
