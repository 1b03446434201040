namespace Dtaas.WireGuard.Netns;

/// <summary>
/// The <c>ip</c> tool (iproute2), always aimed at one named network namespace (<c>ip -n NS</c>) or, for a null
/// namespace, at the process's own. Failures carry ip's stderr.
/// </summary>
public sealed class IpCommand(ProcessRunner runner)
{
    public const string Executable = "ip";

    public ProcessRunner Runner { get; } = runner;

    public Task<ProcessResult> RunAsync(string? netns, IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        Runner.RunAsync(Executable, [.. InNamespace(netns), .. arguments], cancellationToken);

    public Task<ProcessResult> RunCheckedAsync(string? netns, IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        Runner.RunCheckedAsync(Executable, [.. InNamespace(netns), .. arguments], cancellationToken);

    /// <summary>Runs <paramref name="executable"/> inside <paramref name="netns"/> (<c>ip netns exec</c>), or directly for null.</summary>
    public Task<ProcessResult> ExecAsync(
        string? netns,
        string executable,
        IReadOnlyList<string> arguments,
        CancellationToken cancellationToken,
        string? standardInput = null,
        IReadOnlyDictionary<string, string?>? environment = null) =>
        netns is null
            ? Runner.RunAsync(executable, arguments, cancellationToken, standardInput, environment)
            : Runner.RunAsync(Executable, ["netns", "exec", netns, executable, .. arguments], cancellationToken, standardInput, environment);

    private static string[] InNamespace(string? netns) => netns is null ? [] : ["-n", netns];
}
