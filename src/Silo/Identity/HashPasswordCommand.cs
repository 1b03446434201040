using Dtaas.Grains.Users;

namespace Dtaas.Silo.Identity;

/// <summary>
/// <c>dtaas-silo hash-password</c>: reads a password from standard input (one line; a final newline is not part of it)
/// and prints its Argon2id PHC string with the recommended cost, for a dtUser's Secret (key <c>passwordHash</c>).
/// </summary>
public static class HashPasswordCommand
{
    public const string Name = "hash-password";

    /// <summary>Longer than any password; what is beyond it is not read.</summary>
    private const int MaxPassword = 4096;

    public static int Run(IReadOnlyList<string> args, TextReader input, TextWriter output, TextWriter error)
    {
        if (args.Count > 0)
        {
            error.WriteLine(args[0] is "-h" or "--help"
                ? "usage: dtaas-silo hash-password < password-file   (prints the Argon2id PHC string for a dtUser Secret's passwordHash key)"
                : $"dtaas-silo hash-password: takes no arguments (the password comes on standard input), not '{args[0]}'");
            return args[0] is "-h" or "--help" ? 0 : 2;
        }
        var buffer = new char[MaxPassword + 1];
        var length = input.ReadBlock(buffer, 0, buffer.Length);
        var password = new string(buffer, 0, length);
        password = password.EndsWith("\r\n", StringComparison.Ordinal) ? password[..^2] : password.EndsWith('\n') ? password[..^1] : password;
        if (length > MaxPassword || password.Contains('\n'))
        {
            error.WriteLine($"dtaas-silo hash-password: give one password of at most {MaxPassword} characters on one line");
            return 2;
        }
        if (password.Length == 0)
        {
            error.WriteLine("dtaas-silo hash-password: no password on standard input");
            return 2;
        }
        output.WriteLine(Argon2idHash.Create(password, Argon2idHash.Recommended));
        return 0;
    }
}
