namespace Dtaas.Grains.Ports;

/// <summary>
/// Compares a typed password with what a dtUser's Secret key holds (an Argon2id PHC string or the password itself). CPU
/// work, done off the grain's turn; every call costs one Argon2id computation whatever it is given, so a login takes
/// the same time for a user that does not exist, one whose Secret holds a plain password, and one with a hash.
/// </summary>
public interface IPasswordCheck
{
    /// <param name="stored">The Secret key's bytes, or null when there is no user or no Secret (the answer is then false).</param>
    Task<bool> MatchesAsync(byte[]? stored, string password, CancellationToken cancellationToken);
}
