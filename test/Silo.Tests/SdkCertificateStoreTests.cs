using Dtaas.Client;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Kubernetes.Access;
using Dtaas.ApiServer;
using Dtaas.Silo.Identity;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dtaas.Silo.Tests;

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

    [Fact]
    public async Task An_outdated_secret_is_replaced_once_and_every_replica_then_uses_the_new_set()
    {
        var root = Directory.CreateTempSubdirectory("dtaas-sdk-secret-").FullName;
        try
        {
            await using var server = await StandaloneApiServer.StartAsync(new StandaloneApiServerOptions { DataDirectory = root, Listen = "127.0.0.1:0", Namespace = "dtaas" },
                NullLoggerFactory.Instance, CancellationToken.None);
            using var client = KubernetesApiClient.FromKubeconfig(server.KubeconfigPath);
            var old = SdkCertificates.Create("0123456789abcdef0123456789abcdef");
            await client.CreateAsync(new V1Secret
            {
                Metadata = new ObjectMeta { Name = SdkCertificateStore.SecretName, Namespace = "dtaas" },
                Type = "Opaque",
                Data = old.Export().Where(file => file.Key != SdkCertificates.SiloFile).ToDictionary(),
            });

            // Two replicas starting together: one replaces the set, the other meets the conflict and takes it.
            var sets = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
                SdkCertificateStore.LoadOrCreateAsync(client, "dtaas", "0123456789abcdef0123456789abcdef", NullLogger.Instance, CancellationToken.None)));
            var kept = await client.GetAsync<V1Secret>(SdkCertificateStore.SecretName, "dtaas");

            Assert.Null(SdkCertificates.Outdated(kept.Data!));
            Assert.All(sets, set => Assert.Equal(SdkCertificates.Import(kept.Data!, "kept").Authority.Thumbprint, set.Authority.Thumbprint));
            Assert.NotEqual(old.Authority.Thumbprint, sets[0].Authority.Thumbprint);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
