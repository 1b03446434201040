using Dtaas.Silo.Identity;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dtaas.Client.Tests;

/// <summary>The upgrade path: a data directory an older version filled (no silo certificate) gets a complete set at start.</summary>
public sealed class SdkCertificateStoreTests
{
    [Fact]
    public void An_outdated_set_is_issued_anew_and_a_complete_one_kept()
    {
        var root = Directory.CreateTempSubdirectory("dtaas-sdk-store-").FullName;
        try
        {
            var data = new DataDirectory(root);
            var sdk = Directory.CreateDirectory(Path.Combine(root, "sdk")).FullName;
            var old = SdkCertificates.Create("0123456789abcdef0123456789abcdef");
            foreach (var (name, content) in old.Export().Where(file => file.Key != SdkCertificates.SiloFile))
            {
                File.WriteAllBytes(Path.Combine(sdk, name), content);
            }

            var upgraded = SdkCertificateStore.LoadOrCreate(data, "0123456789abcdef0123456789abcdef", NullLogger.Instance);
            var again = SdkCertificateStore.LoadOrCreate(data, "0123456789abcdef0123456789abcdef", NullLogger.Instance);

            Assert.NotEqual(old.Authority.Thumbprint, upgraded.Authority.Thumbprint);
            Assert.True(SdkCertificates.IsIssuedBy(upgraded.Authority, upgraded.Silo, SdkCertificateRole.Silo));
            Assert.True(File.Exists(Path.Combine(sdk, SdkCertificates.SiloFile)));
            Assert.Equal(upgraded.Authority.Thumbprint, again.Authority.Thumbprint);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
