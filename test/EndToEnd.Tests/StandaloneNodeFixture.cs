using Dtaas.TestSupport;

namespace Dtaas.EndToEnd.Tests;

/// <summary>One standalone silo process and a kubectl bound to its kubeconfig, shared by a test class.</summary>
public sealed class StandaloneNodeFixture : IAsyncLifetime
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "dtaas-e2e-" + Guid.NewGuid().ToString("N")[..12]);
    public SiloProcess Silo { get; private set; } = null!;
    public Kubectl Kubectl { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(Root, "home"));
        Silo = await SiloProcess.StartAsync(Path.Combine(Root, "data"));
        Kubectl = new Kubectl(Silo.Kubeconfig, Path.Combine(Root, "home"));
    }

    /// <summary>Writes a manifest into the fixture's folder and returns its path.</summary>
    public string Manifest(string name, string yaml)
    {
        var path = Path.Combine(Root, name);
        File.WriteAllText(path, yaml);
        return path;
    }

    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        Directory.Delete(Root, recursive: true);
    }
}
