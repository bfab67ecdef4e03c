namespace PortKeeper.Silo.Storage;

/// <summary>Rebuilds the in-memory states from a log file.</summary>
internal static class LogReplay
{
    /// <summary>
    /// Reads <paramref name="path"/> record by record and stops at the first torn or corrupt one.
    /// Throws <see cref="InvalidDataException"/> when the file does not start with an intact
    /// checkpoint (not a state log, or a damaged header) or holds an intact but malformed record.
    /// </summary>
    public static ReplayResult Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var entries = new Dictionary<StateKey, StoredEntry>();
        var header = new byte[LogRecordCodec.HeaderLength];
        var payload = new byte[4096];
        long sequence = 0, valid = 0, fileLength = stream.Length;
        while (TryReadRecord(stream, header, ref payload, fileLength - valid, out var length))
        {
            var record = LogRecordCodec.Decode(payload.AsSpan(0, length));
            if (valid == 0 && record.Kind != LogRecordKind.Checkpoint)
            {
                throw NotAStateLog(path);
            }

            Apply(entries, record);
            sequence = Math.Max(sequence, record.Sequence);
            valid += LogRecordCodec.HeaderLength + length;
        }

        return valid == 0 ? throw NotAStateLog(path) : new ReplayResult(entries, sequence, valid, fileLength);
    }

    private static bool TryReadRecord(FileStream stream, byte[] header, ref byte[] payload, long remaining, out int length)
    {
        length = 0;
        if (remaining < header.Length || stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length)
        {
            return false;
        }

        var declared = LogRecordCodec.PayloadLength(header);
        if (declared < 0 || declared > remaining - header.Length)
        {
            return false;
        }

        length = (int)declared;
        if (payload.Length < length)
        {
            payload = new byte[Math.Max(length, payload.Length * 2)];
        }

        var span = payload.AsSpan(0, length);
        return stream.ReadAtLeast(span, length, throwOnEndOfStream: false) == length
            && LogRecordCodec.IsIntact(header, span);
    }

    private static void Apply(Dictionary<StateKey, StoredEntry> entries, LogRecord record)
    {
        switch (record.Kind)
        {
            case LogRecordKind.Put:
                entries[record.Key] = new StoredEntry(record.Sequence, record.Data!);
                break;
            case LogRecordKind.Clear:
                entries.Remove(record.Key);
                break;
        }
    }

    private static InvalidDataException NotAStateLog(string path) =>
        new($"'{path}' is not a PortKeeper state log or its first record is damaged; move it away to start empty.");
}
