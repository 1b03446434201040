namespace Dtaas.WireGuard.Tests.Pods;

/// <summary>
/// A shell script standing in for crictl: prints recorded output for <c>pods</c> and <c>inspectp</c> and logs each
/// command line, so the resolver runs through the real <see cref="Netns.ProcessRunner"/> unchanged.
/// </summary>
public sealed class FakeCrictl : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("fake-crictl-").FullName;

    public FakeCrictl(string pods, string inspect)
    {
        File.WriteAllText(Path.Combine(_directory, "pods.json"), pods);
        File.WriteAllText(Path.Combine(_directory, "inspect.json"), inspect);
        File.WriteAllText(Executable, $"""
            #!/bin/sh
            echo "$*" >> '{_directory}/calls'
            case "$1" in
              pods) cat '{_directory}/pods.json' ;;
              inspectp) cat '{_directory}/inspect.json' ;;
              *) echo "unexpected: $*" >&2; exit 1 ;;
            esac
            """);
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("a fake crictl is a shell script");
        }
        File.SetUnixFileMode(Executable, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string Executable => Path.Combine(_directory, "crictl");

    public IReadOnlyList<string> Calls
    {
        get
        {
            var path = Path.Combine(_directory, "calls");
            return File.Exists(path) ? File.ReadAllLines(path) : [];
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
