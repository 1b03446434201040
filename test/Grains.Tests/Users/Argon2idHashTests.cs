using Dtaas.Grains.Users;

namespace Dtaas.Grains.Tests.Users;

/// <summary>PHC strings of Argon2id: hashes made by the reference implementation's <c>argon2</c> tool verify here, and what this makes reads back.</summary>
public sealed class Argon2idHashTests
{
    // echo -n wonderland | argon2 somesaltsomesalt -id -t 2 -m 15 -p 1 -l 32 -e   (Debian's argon2 0~20171227, the reference C code)
    private const string ReferenceWonderland = "$argon2id$v=19$m=32768,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$V1K0m3wxcWwgWKLgEzZyCPs4BDo0z1LfHTOTR1vvizU";

    // echo -n password | argon2 somesalt -id -t 2 -k 65536 -p 1 -l 32 -e
    private const string ReferencePassword = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";

    [Theory]
    [InlineData(ReferenceWonderland, "wonderland")]
    [InlineData(ReferencePassword, "password")]
    public void A_hash_of_the_reference_tool_matches_its_password_only(string phc, string password)
    {
        Assert.True(Argon2idHash.TryParse(phc, out var hash, out var problem), problem);

        Assert.True(hash!.Matches(password));
        Assert.False(hash.Matches(password + " "));
        Assert.False(hash.Matches(password.ToUpperInvariant()));
        Assert.Equal(phc, hash.ToString());
    }

    [Fact]
    public void A_new_hash_has_the_recommended_cost_a_random_salt_and_reads_back()
    {
        var first = Argon2idHash.Create("wonderland", Argon2idHash.Recommended);
        var second = Argon2idHash.Create("wonderland", Argon2idHash.Recommended);

        Assert.StartsWith("$argon2id$v=19$m=19456,t=2,p=1$", first.ToString());
        Assert.NotEqual(first.ToString(), second.ToString());
        Assert.True(Argon2idHash.TryParse(first.ToString(), out var read, out _));
        Assert.True(read!.Matches("wonderland"));
        Assert.False(read.Matches("Wonderland"));
        Assert.True(Argon2idHash.IsHash(System.Text.Encoding.UTF8.GetBytes(first.ToString())));
        Assert.False(Argon2idHash.IsHash("wonderland"u8));
    }

    [Theory]
    [InlineData("$argon2i$v=19$m=32768,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$V1K0m3wxcWwgWKLgEzZyCPs4BDo0z1LfHTOTR1vvizU", "not an Argon2id PHC string")]
    [InlineData("$argon2id$v=16$m=32768,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$V1K0m3wxcWwgWKLgEzZyCPs4BDo0z1LfHTOTR1vvizU", "not an Argon2id PHC string")]
    [InlineData("$argon2id$v=19$m=32768,t=2$c29tZXNhbHRzb21lc2FsdA$V1K0m3wxcWwgWKLgEzZyCPs4BDo0z1LfHTOTR1vvizU", "are not m=<KiB>,t=<passes>,p=<lanes>")]
    [InlineData("$argon2id$v=19$m=4194304,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$V1K0m3wxcWwgWKLgEzZyCPs4BDo0z1LfHTOTR1vvizU", "out of bounds")]
    [InlineData("$argon2id$v=19$m=32768,t=2,p=1$c29tZQ$V1K0m3wxcWwgWKLgEzZyCPs4BDo0z1LfHTOTR1vvizU", "salt")]
    [InlineData("$argon2id$v=19$m=32768,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$not*base64", "salt")]
    public void A_string_that_is_not_a_usable_hash_says_why(string phc, string problem)
    {
        Assert.False(Argon2idHash.TryParse(phc, out _, out var reason));
        Assert.Contains(problem, reason);
    }
}
