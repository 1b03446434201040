using System.Text;

namespace Dtaas.ApiServer;

/// <summary>Writes &lt;data-dir&gt;/kubeconfig: the server, its CA (the self-signed certificate), the token, and the namespace.</summary>
internal static class KubeconfigWriter
{
    public const string FileName = "kubeconfig";
    public const string ContextName = "dtaas";

    public static string Write(string dataDirectory, Uri server, string certificatePem, string token, string ns)
    {
        var ca = Convert.ToBase64String(Encoding.ASCII.GetBytes(certificatePem));
        var yaml = $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: {{ContextName}}
              cluster:
                server: {{server.GetLeftPart(UriPartial.Authority)}}
                certificate-authority-data: {{ca}}
            users:
            - name: {{ContextName}}
              user:
                token: {{token}}
            contexts:
            - name: {{ContextName}}
              context:
                cluster: {{ContextName}}
                user: {{ContextName}}
                namespace: {{ns}}
            current-context: {{ContextName}}
            preferences: {}

            """;
        var path = Path.Combine(dataDirectory, FileName);
        PrivateFiles.Write(path, Encoding.UTF8.GetBytes(yaml));
        return path;
    }
}
