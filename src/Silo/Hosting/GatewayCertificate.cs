using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Kubernetes.Access;
using Dtaas.Silo.Identity;
using Microsoft.Extensions.Logging;

namespace Dtaas.Silo.Hosting;

/// <summary>
/// The certificate the public gateway's TLS listener serves, from the first of: the operator's PEM files
/// (<c>--gateway-certificate</c>, <c>--gateway-key</c>); the Secret <see cref="SecretName"/> (<c>kubernetes.io/tls</c>,
/// as cert-manager writes it); else a self-signed one, kept in the data directory standalone and, against a cluster,
/// in that Secret (so every replica serves the same one, and cert-manager replaces it when it issues). Read again
/// every <see cref="Settings.Interval"/> (the silo may get Secrets, not watch them): a new resourceVersion or file is
/// served from the next handshake on, no restart; a source that cannot be read keeps the current certificate.
/// </summary>
public sealed class GatewayCertificate : IAsyncDisposable
{
    public const string SecretName = "dtaas-gateway-tls";
    public const string CertificateKey = "tls.crt";
    public const string PrivateKeyKey = "tls.key";
    public const string SelfSignedCertificateFile = "gateway-tls.crt";
    public const string SelfSignedKeyFile = "gateway-tls.key";

    private readonly Settings _settings;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private Task _polling = Task.CompletedTask;
    private volatile Served _served = null!;
    private string? _lastProblem;

    /// <param name="Files">The operator's (certificate, key) PEM files, or null.</param>
    /// <param name="Kubernetes">The API the Secret is read from (and, with <paramref name="Cluster"/>, made in).</param>
    /// <param name="Data">Where the standalone self-signed certificate is kept.</param>
    public sealed record Settings(string NodeName, (string Certificate, string Key)? Files, IKubernetesClient Kubernetes, string Namespace,
        bool Cluster, DataDirectory Data, TimeSpan Interval, TimeProvider Time);

    private sealed record Served(string Version, string Source, SslStreamCertificateContext Context, X509Certificate2 Leaf);

    private GatewayCertificate(Settings settings, ILogger logger)
    {
        _settings = settings;
        _logger = logger;
    }

    /// <summary>What the next TLS handshake serves.</summary>
    public SslStreamCertificateContext Current => _served.Context;

    /// <summary>The served certificate itself (its subject, names and validity).</summary>
    public X509Certificate2 Leaf => _served.Leaf;

    /// <summary>Where it came from: the files, the Secret, or the data directory.</summary>
    public string Source => _served.Source;

    /// <summary>Reads the certificate (a start fails when the operator's files or Secret cannot be read) and starts polling.</summary>
    public static async Task<GatewayCertificate> StartAsync(Settings settings, ILogger logger, CancellationToken cancellationToken)
    {
        var certificate = new GatewayCertificate(settings, logger);
        await certificate.RefreshAsync(cancellationToken);
        certificate._polling = certificate.PollAsync(certificate._stopping.Token);
        return certificate;
    }

    /// <summary>Reads the source once, and serves what it holds when that changed. Throws when it cannot be read.</summary>
    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var (version, source, read) = await LocateAsync(cancellationToken);
        if (_served?.Version == version)
        {
            return;
        }
        var (certificate, key) = await read(cancellationToken);
        X509Certificate2 leaf;
        X509Certificate2Collection chain = [];
        try
        {
            leaf = X509Certificate2.CreateFromPem(certificate, key);
            chain.ImportFromPem(certificate);
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException($"{source}: not a PEM certificate and its private key ({e.Message})", e);
        }
        var intermediates = new X509Certificate2Collection(chain.Skip(1).ToArray());
        _served = new Served(version, source, SslStreamCertificateContext.Create(leaf, intermediates, offline: true), leaf);
        _lastProblem = null;
        _logger.LogInformation("Gateway TLS certificate from {Source}: {Subject}, names {Names}, valid until {NotAfter:u}",
            source, leaf.Subject, string.Join(",", DnsNames(leaf)), leaf.NotAfter.ToUniversalTime());
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_settings.Interval, _settings.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    await RefreshAsync(cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Said once per problem, not every poll; the current certificate stays.
                    if (e.Message != _lastProblem)
                    {
                        _lastProblem = e.Message;
                        _logger.LogWarning("Gateway TLS certificate not reloaded, still serving the one from {Source}: {Reason}", Source, e.Message);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>The source now and its version (what a poll compares), with how to read its PEM text.</summary>
    private async Task<(string Version, string Source, Func<CancellationToken, Task<(string, string)>> Read)> LocateAsync(CancellationToken cancellationToken)
    {
        if (_settings.Files is var (certificateFile, keyFile))
        {
            var version = string.Join("|", new[] { certificateFile, keyFile }.Select(file => new FileInfo(file))
                .Select(info => info.Exists ? $"{info.LastWriteTimeUtc.Ticks}:{info.Length}" : throw new FileNotFoundException($"--gateway-certificate/--gateway-key: {info.FullName} does not exist")));
            return ($"files {version}", $"{certificateFile} and {keyFile}",
                async token => (await File.ReadAllTextAsync(certificateFile, token), await File.ReadAllTextAsync(keyFile, token)));
        }
        var secret = await _settings.Kubernetes.TryGetAsync<V1Secret>(SecretName, _settings.Namespace, cancellationToken);
        if (secret is null && _settings.Cluster)
        {
            secret = await CreateSelfSignedSecretAsync(cancellationToken);
        }
        if (secret is not null)
        {
            var where = $"Secret {_settings.Namespace}/{SecretName}";
            return ($"secret {secret.Metadata.ResourceVersion}", where, _ => Task.FromResult(PemOf(secret, where)));
        }
        var directory = _settings.Data.Path;
        return ("self-signed", $"the self-signed certificate in {directory}", _ => Task.FromResult(LoadOrCreateSelfSigned(directory)));
    }

    private static (string, string) PemOf(V1Secret secret, string where) =>
        secret.Data is { } data && data.TryGetValue(CertificateKey, out var certificate) && data.TryGetValue(PrivateKeyKey, out var key)
            ? (Encoding.ASCII.GetString(certificate), Encoding.ASCII.GetString(key))
            : throw new InvalidOperationException($"{where} has no {CertificateKey} and {PrivateKeyKey}");

    private (string, string) LoadOrCreateSelfSigned(string directory)
    {
        var certificateFile = Path.Combine(directory, SelfSignedCertificateFile);
        var keyFile = Path.Combine(directory, SelfSignedKeyFile);
        if (File.Exists(certificateFile) && File.Exists(keyFile))
        {
            var kept = File.ReadAllText(certificateFile);
            // Made under another --node-name: its names are not this node's.
            using var certificate = X509Certificate2.CreateFromPem(kept);
            if (DnsNames(certificate).Contains(_settings.NodeName, StringComparer.OrdinalIgnoreCase))
            {
                return (kept, File.ReadAllText(keyFile));
            }
        }
        var (created, key) = SelfSignedGatewayCertificate.Create(_settings.NodeName, _settings.Time.GetUtcNow());
        DataDirectory.WriteSecret(keyFile, Encoding.ASCII.GetBytes(key));
        DataDirectory.WriteSecret(certificateFile, Encoding.ASCII.GetBytes(created));
        return (created, key);
    }

    /// <summary>Against a cluster with no certificate yet: a self-signed one every replica shares (the first made wins).</summary>
    private async Task<V1Secret> CreateSelfSignedSecretAsync(CancellationToken cancellationToken)
    {
        var (certificate, key) = SelfSignedGatewayCertificate.Create(_settings.NodeName, _settings.Time.GetUtcNow());
        try
        {
            var created = await _settings.Kubernetes.CreateAsync(new V1Secret
            {
                Metadata = new ObjectMeta { Name = SecretName, Namespace = _settings.Namespace, Labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "dtaas" } },
                Type = "kubernetes.io/tls",
                Data = new Dictionary<string, byte[]> { [CertificateKey] = Encoding.ASCII.GetBytes(certificate), [PrivateKeyKey] = Encoding.ASCII.GetBytes(key) },
            }, cancellationToken);
            _logger.LogWarning("Secret {Namespace}/{Secret} did not exist: made it with a self-signed certificate for {NodeName} and *.{NodeName}; " +
                "give the gateway a real one with cert-manager (a Certificate whose secretName is {Secret}) or kubectl create secret tls",
                _settings.Namespace, SecretName, _settings.NodeName, _settings.NodeName, SecretName);
            return created;
        }
        catch (KubernetesConflictException)
        {
            return await _settings.Kubernetes.GetAsync<V1Secret>(SecretName, _settings.Namespace, cancellationToken);
        }
    }

    private static IEnumerable<string> DnsNames(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(names => names.EnumerateDnsNames());

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _polling;
        _stopping.Dispose();
    }
}
