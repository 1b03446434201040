namespace Dtaas.Client.Tests;

/// <summary>
/// Each certificate of a node's authority is good for its own role only: the server's certificate is no client's
/// (the bug: the check accepted either as the other), a silo's is neither, and a set an older version kept is known
/// as outdated so the silo issues it anew.
/// </summary>
public sealed class SdkCertificateRoleTests
{
    private static readonly SdkCertificates Node = SdkCertificates.Create("0123456789abcdef0123456789abcdef");

    [Fact]
    public void Each_certificate_is_accepted_in_its_own_role_only()
    {
        Assert.True(SdkCertificates.IsIssuedBy(Node.Authority, Node.Server, SdkCertificateRole.Server));
        Assert.True(SdkCertificates.IsIssuedBy(Node.Authority, Node.Client, SdkCertificateRole.Client));
        Assert.True(SdkCertificates.IsIssuedBy(Node.Authority, Node.Silo, SdkCertificateRole.Silo));

        Assert.False(SdkCertificates.IsIssuedBy(Node.Authority, Node.Server, SdkCertificateRole.Client));
        Assert.False(SdkCertificates.IsIssuedBy(Node.Authority, Node.Client, SdkCertificateRole.Server));
        Assert.False(SdkCertificates.IsIssuedBy(Node.Authority, Node.Silo, SdkCertificateRole.Client));
        Assert.False(SdkCertificates.IsIssuedBy(Node.Authority, Node.Silo, SdkCertificateRole.Server));
        Assert.False(SdkCertificates.IsIssuedBy(Node.Authority, Node.Client, SdkCertificateRole.Silo));
        Assert.False(SdkCertificates.IsIssuedBy(Node.Authority, Node.Server, SdkCertificateRole.Silo));
        Assert.False(SdkCertificates.IsIssuedBy(Node.Authority, null, SdkCertificateRole.Client));
    }

    [Fact]
    public void Another_nodes_certificate_is_refused_in_every_role()
    {
        var other = SdkCertificates.Create("ffffffffffffffffffffffffffffffff");

        Assert.False(SdkCertificates.IsIssuedBy(Node.Authority, other.Client, SdkCertificateRole.Client));
        Assert.False(SdkCertificates.IsIssuedBy(Node.Authority, other.Server, SdkCertificateRole.Server));
        Assert.False(SdkCertificates.IsIssuedBy(Node.Authority, other.Silo, SdkCertificateRole.Silo));
    }

    [Fact]
    public void A_kept_set_is_complete_or_says_what_it_lacks()
    {
        var files = Node.Export();
        Assert.Null(SdkCertificates.Outdated(files));

        // As the version before silo certificates kept it.
        var withoutSilo = files.Where(file => file.Key != SdkCertificates.SiloFile).ToDictionary();
        Assert.Equal($"no {SdkCertificates.SiloFile}", SdkCertificates.Outdated(withoutSilo));

        var swapped = files.ToDictionary();
        swapped[SdkCertificates.ClientFile] = files[SdkCertificates.ServerFile];
        Assert.Contains($"{SdkCertificates.ClientFile} is not a client certificate", SdkCertificates.Outdated(swapped));
    }

    [Fact]
    public void A_client_given_the_servers_certificate_is_told_before_it_connects()
    {
        var directory = Directory.CreateTempSubdirectory("dtaas-sdk-role-").FullName;
        try
        {
            var files = Node.Export();
            File.WriteAllBytes(Path.Combine(directory, SdkCertificates.AuthorityFile), files[SdkCertificates.AuthorityFile]);
            File.WriteAllBytes(Path.Combine(directory, SdkCertificates.ClientFile), files[SdkCertificates.ServerFile]);
            var options = new DtaasNodeOptions { NodeId = "0123456789abcdef0123456789abcdef", Token = "t" };

            var error = Assert.Throws<InvalidOperationException>(() => options.WithCertificatesFrom(directory));

            Assert.Contains("is not a client certificate", error.Message);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
