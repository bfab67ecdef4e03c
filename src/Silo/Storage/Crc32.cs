namespace PortKeeper.Silo.Storage;

/// <summary>
/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), the checksum of zip and gzip.
/// Written here because System.IO.Hashing is not referenced; a table of 256 entries is enough
/// for records of a few kilobytes.
/// </summary>
internal static class Crc32
{
    private static readonly uint[] Table = CreateTable();

    /// <summary>Returns the checksum of <paramref name="data"/>; never fails.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);

    /// <summary>Continues <paramref name="crc"/> over more bytes, so a record can be checked in parts.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        var value = ~crc;
        foreach (var b in data)
        {
            value = Table[(value ^ b) & 0xFF] ^ (value >> 8);
        }

        return ~value;
    }

    private static uint[] CreateTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < table.Length; i++)
        {
            var value = i;
            for (var bit = 0; bit < 8; bit++)
            {
                value = (value & 1) != 0 ? 0xEDB88320 ^ (value >> 1) : value >> 1;
            }

            table[i] = value;
        }

        return table;
    }
}
