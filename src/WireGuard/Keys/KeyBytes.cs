using System.Runtime.CompilerServices;

namespace Dtaas.WireGuard.Keys;

/// <summary>Inline storage for 32 key bytes, so a key is a true value type: no heap array, no null, copied by value.</summary>
[InlineArray(WireGuardKey.Length)]
internal struct KeyBytes
{
    private byte _first;
}
