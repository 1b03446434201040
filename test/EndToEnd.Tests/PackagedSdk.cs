namespace Dtaas.EndToEnd.Tests;

/// <summary>
/// The packaged SDK console (<see cref="PackagedSdkConsole"/>), packed and built once for the whole end-to-end collection,
/// on the first test that asks (packing, restoring and building cost tens of seconds), and removed at its end.
/// </summary>
public sealed class PackagedSdk : IAsyncLifetime
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), "dtaas-sdk-package-" + Guid.NewGuid().ToString("N"));
    private readonly Lazy<Task<string>> _console;

    public PackagedSdk() => _console = new Lazy<Task<string>>(() => PackagedSdkConsole.BuildAsync(_work));

    /// <summary>The packaged console's dll.</summary>
    public Task<string> ConsoleDllAsync() => _console.Value;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        if (Directory.Exists(_work))
        {
            Directory.Delete(_work, recursive: true);
        }
        return Task.CompletedTask;
    }
}
