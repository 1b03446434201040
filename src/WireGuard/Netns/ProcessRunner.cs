using System.Diagnostics;

namespace Dtaas.WireGuard.Netns;

/// <summary>
/// Runs short-lived commands (ip, wg, wireguard-go) with a time limit. A command that overruns is killed with its
/// children, so no caller leaves a process behind.
/// </summary>
public sealed class ProcessRunner(TimeSpan timeout)
{
    public static ProcessRunner Default { get; } = new(TimeSpan.FromSeconds(15));

    public TimeSpan Timeout { get; } = timeout;

    /// <summary>Runs the command and returns whatever it did; only a timeout or a failure to start throws.</summary>
    public async Task<ProcessResult> RunAsync(
        string executable,
        IReadOnlyList<string> arguments,
        CancellationToken cancellationToken,
        string? standardInput = null,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new CommandFailedException(CommandLine(executable, arguments), null, "could not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new CommandFailedException(CommandLine(executable, arguments), null, $"could not start: {e.Message}");
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
            await process.StandardInput.WriteAsync(standardInput ?? "");
            process.StandardInput.Close();
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(Timeout);
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
                cancellationToken.ThrowIfCancellationRequested();
                throw new CommandFailedException(CommandLine(executable, arguments), null, $"did not finish within {Timeout.TotalSeconds:0.#} s");
            }
            return new ProcessResult(process.ExitCode, await stdout, await stderr);
        }
    }

    /// <summary>Runs the command and throws <see cref="CommandFailedException"/> with its stderr unless it exits 0.</summary>
    public async Task<ProcessResult> RunCheckedAsync(
        string executable,
        IReadOnlyList<string> arguments,
        CancellationToken cancellationToken,
        string? standardInput = null,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var result = await RunAsync(executable, arguments, cancellationToken, standardInput, environment);
        return result.Succeeded
            ? result
            : throw new CommandFailedException(CommandLine(executable, arguments), result, $"exited {result.ExitCode}: {result.Stderr.Trim()}");
    }

    internal static string CommandLine(string executable, IEnumerable<string> arguments) =>
        string.Join(' ', arguments.Prepend(executable));
}
