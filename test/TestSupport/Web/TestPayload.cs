using System.Security.Cryptography;

namespace Dtaas.TestSupport.Web;

/// <summary>
/// Large bodies made from one pseudo-random block of a prime length (so chunk boundaries never line up with the
/// proxy's buffers), generated on the fly on both sides so neither end holds the whole body.
/// </summary>
public static class TestPayload
{
    public static readonly byte[] Block = MakeBlock();

    public static string Sha256Of(long length)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (long sent = 0; sent < length; sent += Block.Length)
        {
            hash.AppendData(Block, 0, (int)Math.Min(Block.Length, length - sent));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public static async Task WriteAsync(Stream destination, long length, CancellationToken cancellationToken)
    {
        for (long sent = 0; sent < length; sent += Block.Length)
        {
            await destination.WriteAsync(Block.AsMemory(0, (int)Math.Min(Block.Length, length - sent)), cancellationToken);
        }
    }

    public static async Task<(string Sha256, long Length)> HashAsync(Stream source, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            total += read;
        }
        return (Convert.ToHexStringLower(hash.GetHashAndReset()), total);
    }

    private static byte[] MakeBlock()
    {
        var block = new byte[65521];
        new Random(42).NextBytes(block);
        return block;
    }
}
