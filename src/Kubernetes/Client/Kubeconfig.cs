using YamlDotNet.Serialization;

namespace Dtaas.Kubernetes.Client;

/// <summary>The kubeconfig file as kubectl writes it (YAML, or JSON, which YAML reads too).</summary>
internal sealed record Kubeconfig
{
    [YamlMember(Alias = "current-context")]
    public string? CurrentContext { get; init; }

    [YamlMember(Alias = "clusters")]
    public List<NamedCluster> Clusters { get; init; } = [];

    [YamlMember(Alias = "contexts")]
    public List<NamedContext> Contexts { get; init; } = [];

    [YamlMember(Alias = "users")]
    public List<NamedUser> Users { get; init; } = [];

    public static Kubeconfig Parse(string yaml) =>
        new DeserializerBuilder().IgnoreUnmatchedProperties().Build().Deserialize<Kubeconfig?>(yaml) ?? new Kubeconfig();

    internal sealed record NamedCluster
    {
        [YamlMember(Alias = "name")]
        public string Name { get; init; } = "";

        [YamlMember(Alias = "cluster")]
        public ClusterEntry Cluster { get; init; } = new();
    }

    internal sealed record ClusterEntry
    {
        [YamlMember(Alias = "server")]
        public string? Server { get; init; }

        [YamlMember(Alias = "certificate-authority")]
        public string? CertificateAuthority { get; init; }

        [YamlMember(Alias = "certificate-authority-data")]
        public string? CertificateAuthorityData { get; init; }

        [YamlMember(Alias = "insecure-skip-tls-verify")]
        public bool InsecureSkipTlsVerify { get; init; }
    }

    internal sealed record NamedContext
    {
        [YamlMember(Alias = "name")]
        public string Name { get; init; } = "";

        [YamlMember(Alias = "context")]
        public ContextEntry Context { get; init; } = new();
    }

    internal sealed record ContextEntry
    {
        [YamlMember(Alias = "cluster")]
        public string? Cluster { get; init; }

        [YamlMember(Alias = "user")]
        public string? User { get; init; }

        [YamlMember(Alias = "namespace")]
        public string? Namespace { get; init; }
    }

    internal sealed record NamedUser
    {
        [YamlMember(Alias = "name")]
        public string Name { get; init; } = "";

        [YamlMember(Alias = "user")]
        public UserEntry User { get; init; } = new();
    }

    internal sealed record UserEntry
    {
        [YamlMember(Alias = "token")]
        public string? Token { get; init; }

        [YamlMember(Alias = "tokenFile")]
        public string? TokenFile { get; init; }

        [YamlMember(Alias = "client-certificate")]
        public string? ClientCertificate { get; init; }

        [YamlMember(Alias = "client-certificate-data")]
        public string? ClientCertificateData { get; init; }

        [YamlMember(Alias = "client-key")]
        public string? ClientKey { get; init; }

        [YamlMember(Alias = "client-key-data")]
        public string? ClientKeyData { get; init; }

        /// <summary>Read only to refuse it clearly: credential plugins are not supported.</summary>
        [YamlMember(Alias = "exec")]
        public object? Exec { get; init; }

        [YamlMember(Alias = "auth-provider")]
        public object? AuthProvider { get; init; }
    }
}
