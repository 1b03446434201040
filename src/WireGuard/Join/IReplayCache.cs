namespace Dtaas.WireGuard.Join;

/// <summary>Remembers accepted join requests until they would be refused as too old anyway, so each is accepted once.</summary>
public interface IReplayCache
{
    /// <summary>Records <paramref name="id"/> until <paramref name="expiresAt"/>, atomically with the check.</summary>
    ReplayVerdict TryRecord(JoinRequestId id, DateTimeOffset expiresAt);
}
