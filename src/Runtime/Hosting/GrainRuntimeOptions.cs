using System.Net;

namespace Dtaas.Runtime;

/// <summary>Settings of a silo's grain runtime.</summary>
public sealed record GrainRuntimeOptions
{
    /// <summary>This node's id; <c>GetGrain(nodeId, key)</c> with this id stays local.</summary>
    public string NodeId { get; set; } = "local";

    /// <summary>This node's DNS name, reported to clients.</summary>
    public string NodeName { get; set; } = "localhost";

    /// <summary>A call that has not completed after this long fails with <see cref="GrainCallTimeoutException"/>.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>An activation that received no call for this long is deactivated.</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often idle activations are looked for.</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The source address of outgoing grain-call connections (see <see cref="GrainRpcClientOptions.LocalAddress"/>); null lets the OS choose.</summary>
    public Func<DnsEndPoint, IPAddress?>? LocalAddress { get; set; }
}
