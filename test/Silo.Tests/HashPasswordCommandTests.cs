using Dtaas.Grains.Users;
using Dtaas.Silo.Identity;

namespace Dtaas.Silo.Tests;

/// <summary><c>dtaas-silo hash-password</c>: one password on standard input, its Argon2id PHC string on standard output.</summary>
public sealed class HashPasswordCommandTests
{
    [Theory]
    [InlineData("correct horse battery staple\n")]
    [InlineData("correct horse battery staple\r\n")]
    [InlineData("correct horse battery staple")]
    public void It_prints_a_hash_of_the_line_without_its_newline(string input)
    {
        var (exit, output, error) = Run(input);

        Assert.True(exit == 0, error);
        Assert.True(Argon2idHash.TryParse(output.Trim(), out var hash, out var problem), problem);
        Assert.StartsWith("$argon2id$v=19$m=19456,t=2,p=1$", output);
        Assert.True(hash!.Matches("correct horse battery staple"));
    }

    [Theory]
    [InlineData("", "no password on standard input")]
    [InlineData("\n", "no password on standard input")]
    [InlineData("one\ntwo\n", "one password of at most 4096 characters on one line")]
    public void A_missing_or_second_line_is_refused(string input, string message)
    {
        var (exit, output, error) = Run(input);

        Assert.Equal((2, ""), (exit, output));
        Assert.Contains(message, error);
    }

    private static (int Exit, string Output, string Error) Run(string input, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = HashPasswordCommand.Run(args, new StringReader(input), output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
