using Dtaas.Grains.Ports;
using Dtaas.WireGuard.Devices;

namespace Dtaas.Silo.Ports;

/// <summary>The real <see cref="IWireGuardSupport"/>: what <see cref="WireGuardDevices.Check"/> finds, worded for an object's message.</summary>
public sealed class WireGuardSupport(WireGuardDevices devices) : IWireGuardSupport
{
    public Task<string?> ProblemAsync(CancellationToken cancellationToken) => Task.FromResult(Describe(devices.Check()));

    /// <summary>Null when a backend works; else the sentence the dtDomain, the dtService and the start-up log show.</summary>
    public static string? Describe((WireGuardBackend? Backend, string? Problem) check) => check.Problem is { } problem
        ? $"cannot create WireGuard interfaces: {problem}; {(problem.Contains("--wireguard-backend kernel", StringComparison.Ordinal) ? "load the wireguard kernel module" : "install wireguard-go")}"
        : null;
}
