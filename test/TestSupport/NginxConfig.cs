namespace Dtaas.TestSupport;

/// <summary>
/// The configuration of an nginx of our own (tests' upstreams, the bench's Service and proxies): its pid, logs and temp
/// paths under its directory, never the system nginx's; workers run as root so they read files under the temp directory.
/// </summary>
public static class NginxConfig
{
    /// <summary>Writes <c>nginx.conf</c> into <paramref name="directory"/> with <paramref name="http"/> inside its http block; returns its path.</summary>
    public static string Write(string directory, string workerProcesses, int workerConnections, string http)
    {
        var path = Path.Combine(directory, "nginx.conf");
        File.WriteAllText(path, $$"""
            daemon off;
            master_process on;
            user root;
            worker_processes {{workerProcesses}};
            pid {{directory}}/nginx.pid;
            error_log {{directory}}/error.log;
            events { worker_connections {{workerConnections}}; }
            http {
                access_log off;
                client_body_temp_path {{directory}}/body;
                proxy_temp_path {{directory}}/proxy;
                fastcgi_temp_path {{directory}}/fastcgi;
                uwsgi_temp_path {{directory}}/uwsgi;
                scgi_temp_path {{directory}}/scgi;
                default_type application/octet-stream;
            {{http}}
            }
            """);
        return path;
    }
}
