namespace Dtaas.Kubernetes.Bench;

/// <summary>A fresh data directory per run, deleted afterwards, so no run sees another's objects or SQLite file.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix)
    {
        Path = Directory.CreateTempSubdirectory(prefix).FullName;
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a late shutdown: leave it to the OS's temp cleanup rather than fail the run.
        }
    }
}
