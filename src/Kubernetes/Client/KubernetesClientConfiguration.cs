using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Dtaas.Kubernetes.Client;

/// <summary>Where a cluster is and how to authenticate to it: from a kubeconfig file, or from inside a pod.</summary>
public sealed record KubernetesClientConfiguration
{
    /// <summary>The API server, e.g. <c>https://127.0.0.1:7443</c>; a path in it (behind a proxy) is kept.</summary>
    public required Uri Host { get; init; }

    /// <summary>The context's namespace; null means <c>default</c>.</summary>
    public string? Namespace { get; init; }

    public string? AccessToken { get; init; }

    /// <summary>A bearer token file, re-read periodically because service-account tokens rotate. Wins over <see cref="AccessToken"/>.</summary>
    public string? TokenFile { get; init; }

    /// <summary>Client certificate with its private key (TLS client authentication).</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>The authorities the server's certificate must chain to; null means the system's.</summary>
    public X509Certificate2Collection? CaCertificates { get; init; }

    public bool SkipTlsVerify { get; init; }

    /// <summary>Limit for each request other than a watch.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Reads a kubeconfig file with its current context, or <paramref name="context"/> when given.</summary>
    public static KubernetesClientConfiguration BuildFromKubeconfig(string path, string? context = null)
    {
        var config = Kubeconfig.Parse(File.ReadAllText(path));
        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var contextName = context ?? config.CurrentContext
            ?? throw new InvalidOperationException($"Kubeconfig {path} has no current-context; name a context.");
        var contextEntry = config.Contexts.FirstOrDefault(c => c.Name == contextName)?.Context
            ?? throw new InvalidOperationException($"Kubeconfig {path} has no context '{contextName}'.");
        var cluster = config.Clusters.FirstOrDefault(c => c.Name == contextEntry.Cluster)?.Cluster
            ?? throw new InvalidOperationException($"Kubeconfig {path}: context '{contextName}' names cluster '{contextEntry.Cluster}', which is not defined.");
        var user = contextEntry.User is null
            ? new Kubeconfig.UserEntry()
            : config.Users.FirstOrDefault(u => u.Name == contextEntry.User)?.User
                ?? throw new InvalidOperationException($"Kubeconfig {path}: context '{contextName}' names user '{contextEntry.User}', which is not defined.");
        if (user.Exec is not null || user.AuthProvider is not null)
        {
            throw new NotSupportedException($"Kubeconfig {path}: user '{contextEntry.User}' uses a credential plugin (exec/auth-provider), which is not supported; use a token or a client certificate.");
        }

        if (string.IsNullOrEmpty(cluster.Server))
        {
            throw new InvalidOperationException($"Kubeconfig {path}: cluster '{contextEntry.Cluster}' has no server.");
        }

        return new KubernetesClientConfiguration
        {
            Host = new Uri(cluster.Server),
            Namespace = string.IsNullOrEmpty(contextEntry.Namespace) ? null : contextEntry.Namespace,
            AccessToken = string.IsNullOrEmpty(user.Token) ? null : user.Token,
            TokenFile = Resolve(baseDirectory, user.TokenFile),
            ClientCertificate = LoadClientCertificate(baseDirectory, user),
            CaCertificates = ReadPem(baseDirectory, cluster.CertificateAuthorityData, cluster.CertificateAuthority) is { } ca ? ParseCertificates(ca) : null,
            SkipTlsVerify = cluster.InsecureSkipTlsVerify,
        };
    }

    /// <summary>Whether this process runs in a pod with a service account (the API's address in the environment and a token).</summary>
    public static bool IsInCluster(InClusterEnvironment? environment = null)
    {
        environment ??= InClusterEnvironment.FromProcess();
        return !string.IsNullOrEmpty(environment.ServiceHost)
            && !string.IsNullOrEmpty(environment.ServicePort)
            && File.Exists(environment.TokenPath);
    }

    /// <summary>The configuration of a pod: the cluster's service address, the service account's token, CA and namespace.</summary>
    public static KubernetesClientConfiguration BuildInCluster(InClusterEnvironment? environment = null)
    {
        environment ??= InClusterEnvironment.FromProcess();
        if (!IsInCluster(environment))
        {
            throw new InvalidOperationException(
                $"Not in a cluster: KUBERNETES_SERVICE_HOST/PORT must be set and {environment.TokenPath} must exist.");
        }

        var host = environment.ServiceHost!.Contains(':') ? $"[{environment.ServiceHost}]" : environment.ServiceHost;
        return new KubernetesClientConfiguration
        {
            Host = new Uri($"https://{host}:{environment.ServicePort}"),
            TokenFile = environment.TokenPath,
            CaCertificates = File.Exists(environment.CaCertificatePath) ? ParseCertificates(File.ReadAllText(environment.CaCertificatePath)) : null,
            Namespace = File.Exists(environment.NamespacePath) ? File.ReadAllText(environment.NamespacePath).Trim() : null,
        };
    }

    private static X509Certificate2? LoadClientCertificate(string baseDirectory, Kubeconfig.UserEntry user)
    {
        var certificate = ReadPem(baseDirectory, user.ClientCertificateData, user.ClientCertificate);
        var key = ReadPem(baseDirectory, user.ClientKeyData, user.ClientKey);
        if (certificate is null && key is null)
        {
            return null;
        }

        if (certificate is null || key is null)
        {
            throw new InvalidOperationException("Kubeconfig: a client certificate needs both client-certificate(-data) and client-key(-data).");
        }

        return X509Certificate2.CreateFromPem(certificate, key);
    }

    /// <summary>PEM text from a <c>*-data</c> field (base64 of the PEM) or, failing that, from a file.</summary>
    private static string? ReadPem(string baseDirectory, string? base64Data, string? file) =>
        !string.IsNullOrEmpty(base64Data) ? Encoding.UTF8.GetString(Convert.FromBase64String(base64Data))
        : Resolve(baseDirectory, file) is { } path ? File.ReadAllText(path)
        : null;

    private static X509Certificate2Collection ParseCertificates(string pem)
    {
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPem(pem);
        return certificates.Count > 0 ? certificates : throw new InvalidOperationException("The certificate authority holds no PEM certificate.");
    }

    /// <summary>Relative paths in a kubeconfig are relative to the file, as kubectl reads them.</summary>
    private static string? Resolve(string baseDirectory, string? path) =>
        string.IsNullOrEmpty(path) ? null : Path.GetFullPath(path, baseDirectory);
}
