using Dtaas.WireGuard.Keys;

namespace Dtaas.WireGuard.Join;

/// <summary>What makes a join request unique: its ephemeral key and its 96-bit nonce (held in the low bits).</summary>
public readonly record struct JoinRequestId(WireGuardKey EphemeralKey, UInt128 Nonce);
