using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;

namespace Dtaas.Grains.Users;

/// <summary>
/// A password hash in the PHC string format of Argon2id, as the reference <c>argon2</c> tool and libsodium write it:
/// <c>$argon2id$v=19$m=&lt;KiB&gt;,t=&lt;passes&gt;,p=&lt;lanes&gt;$&lt;salt&gt;$&lt;hash&gt;</c>, salt and hash in base64 without padding.
/// </summary>
public sealed record Argon2idHash(int MemoryKiB, int Iterations, int Parallelism, byte[] Salt, byte[] Hash)
{
    public const string Prefix = "$argon2id$";

    /// <summary>OWASP's minimum for Argon2id (19 MiB, 2 passes, 1 lane): about 60 ms a verification on a 2-core test machine.</summary>
    public static (int MemoryKiB, int Iterations, int Parallelism) Recommended { get; } = (19456, 2, 1);

    // Bounds on what a Secret may ask of the silo: 1 GiB, 10 passes, 16 lanes, and RFC 9106's lengths.
    private const int MaxMemoryKiB = 1024 * 1024;
    private const int MaxIterations = 10;
    private const int MaxParallelism = 16;

    /// <summary>Whether <paramref name="value"/> (a Secret's bytes) is meant as an Argon2id hash rather than a password.</summary>
    public static bool IsHash(ReadOnlySpan<byte> value) => value.StartsWith("$argon2id$"u8);

    /// <summary>A new hash of <paramref name="password"/> with a random 16-byte salt and a 32-byte output.</summary>
    public static Argon2idHash Create(string password, (int MemoryKiB, int Iterations, int Parallelism) cost)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        return new Argon2idHash(cost.MemoryKiB, cost.Iterations, cost.Parallelism, salt, Compute(password, cost.MemoryKiB, cost.Iterations, cost.Parallelism, salt, 32));
    }

    /// <summary>Reads a PHC string; <paramref name="problem"/> says what is wrong with one that is not a usable Argon2id hash.</summary>
    public static bool TryParse(string text, out Argon2idHash? hash, out string? problem)
    {
        hash = null;
        problem = null;
        var parts = text.Trim().Split('$');
        // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
        if (parts is not ["", "argon2id", "v=19", var cost, var salt, var digest])
        {
            problem = "not an Argon2id PHC string ($argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>)";
            return false;
        }
        var values = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var pair in cost.Split(','))
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0 || !int.TryParse(pair[(equals + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var number) || !values.TryAdd(pair[..equals], number))
            {
                problem = $"the Argon2id parameters '{cost}' are not m=<KiB>,t=<passes>,p=<lanes>";
                return false;
            }
        }
        if (values.Count != 3 || !values.TryGetValue("m", out var m) || !values.TryGetValue("t", out var t) || !values.TryGetValue("p", out var p))
        {
            problem = $"the Argon2id parameters '{cost}' are not m=<KiB>,t=<passes>,p=<lanes>";
            return false;
        }
        if (p is < 1 or > MaxParallelism || t is < 1 or > MaxIterations || m < 8 * p || m > MaxMemoryKiB)
        {
            problem = $"the Argon2id parameters '{cost}' are out of bounds (p 1..{MaxParallelism}, t 1..{MaxIterations}, m 8p..{MaxMemoryKiB} KiB)";
            return false;
        }
        if (Decode(salt) is not { Length: >= 8 and <= 64 } saltBytes || Decode(digest) is not { Length: >= 16 and <= 64 } hashBytes)
        {
            problem = "the Argon2id salt (8..64 bytes) or hash (16..64 bytes) is not base64 of a usable length";
            return false;
        }
        hash = new Argon2idHash(m, t, p, saltBytes, hashBytes);
        return true;
    }

    /// <summary>Whether <paramref name="password"/> hashes to this (compared in fixed time).</summary>
    public bool Matches(string password) =>
        CryptographicOperations.FixedTimeEquals(Compute(password, MemoryKiB, Iterations, Parallelism, Salt, Hash.Length), Hash);

    public override string ToString() =>
        $"{Prefix}v=19$m={MemoryKiB},t={Iterations},p={Parallelism}${Encode(Salt)}${Encode(Hash)}";

    private static byte[] Compute(string password, int memoryKiB, int iterations, int parallelism, byte[] salt, int length)
    {
        var parameters = new Argon2Parameters.Builder(Argon2Parameters.Argon2id)
            .WithVersion(Argon2Parameters.Version13)
            .WithMemoryAsKB(memoryKiB)
            .WithIterations(iterations)
            .WithParallelism(parallelism)
            .WithSalt(salt)
            .Build();
        var generator = new Argon2BytesGenerator();
        generator.Init(parameters);
        var output = new byte[length];
        generator.GenerateBytes(Encoding.UTF8.GetBytes(password), output);
        return output;
    }

    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    private static byte[]? Decode(string text)
    {
        var padded = text.PadRight(text.Length + (4 - text.Length % 4) % 4, '=');
        var bytes = new byte[padded.Length];
        return text.Length > 0 && Convert.TryFromBase64String(padded, bytes, out var written) ? bytes[..written] : null;
    }
}
