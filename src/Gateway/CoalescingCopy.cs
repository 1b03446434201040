using System.Buffers;

namespace Dtaas.Gateway;

/// <summary>
/// Copies a body on, flushing only when the source has nothing more at hand or a buffer's worth is waiting: what is
/// already there travels together (a response's headers, a small body and its end in one packet, which over the
/// overlay is one WireGuard packet instead of three), while a streaming body is never held back: before each wait for
/// more, everything written so far goes out.
/// </summary>
internal static class CoalescingCopy
{
    public const int BufferSize = 64 * 1024;

    /// <param name="write">Takes a chunk without sending it (the buffer is reused once this completes).</param>
    /// <param name="flush">Sends what was written (for a response not started yet: its status and headers too).</param>
    /// <param name="onRead">Called after every read, the last (empty) one included.</param>
    public static async Task CopyAsync(Stream source, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> write,
        Func<CancellationToken, ValueTask> flush, Action? onRead, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            var unflushed = 0;
            var pending = source.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken);
            while (true)
            {
                if (!pending.IsCompleted)
                {
                    await flush(cancellationToken);
                    unflushed = 0;
                }
                var read = await pending;
                onRead?.Invoke();
                if (read == 0)
                {
                    // A body with a Content-Length ends with a read that completes at once, so the loop above never
                    // flushed the last chunk; left in the writer it never reached the client (Kestrel did not send it).
                    if (unflushed > 0)
                    {
                        await flush(cancellationToken);
                    }
                    return;
                }
                await write(buffer.AsMemory(0, read), cancellationToken);
                unflushed += read;
                if (unflushed >= BufferSize)
                {
                    await flush(cancellationToken); // the destination's pace bounds what waits in memory
                    unflushed = 0;
                }
                pending = source.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
