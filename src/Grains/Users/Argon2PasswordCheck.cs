using System.Security.Cryptography;
using System.Text;
using Dtaas.Grains.Ports;

namespace Dtaas.Grains.Users;

/// <summary>
/// The <see cref="IPasswordCheck"/>: Argon2id on the thread pool, at most one computation per core at a time (each holds
/// its memory cost, 19 MiB by default: a burst of logins waits instead of taking the node's memory). A plain password, a
/// malformed hash or no user at all is checked against a hash made at start with the recommended cost, so each path
/// costs the same.
/// </summary>
public sealed class Argon2PasswordCheck : IPasswordCheck, IDisposable
{
    private readonly SemaphoreSlim _cores = new(Environment.ProcessorCount);
    private readonly Argon2idHash _decoy = Argon2idHash.Create(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)), Argon2idHash.Recommended);

    public async Task<bool> MatchesAsync(byte[]? stored, string password, CancellationToken cancellationToken)
    {
        await _cores.WaitAsync(cancellationToken);
        try
        {
            return await Task.Run(() => Matches(stored, password), cancellationToken);
        }
        finally
        {
            _cores.Release();
        }
    }

    public void Dispose() => _cores.Dispose();

    private bool Matches(byte[]? stored, string password)
    {
        if (stored is not null && Argon2idHash.IsHash(stored))
        {
            if (Argon2idHash.TryParse(Encoding.UTF8.GetString(stored), out var hash, out _))
            {
                return hash!.Matches(password);
            }
            _decoy.Matches(password);
            return false; // the dtUser is Failed with the reason; a login only learns "wrong"
        }
        _decoy.Matches(password);
        // Both sides hashed first: equal lengths, so the comparison takes the same time whatever was typed.
        return stored is not null && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(password)), SHA256.HashData(stored));
    }
}
