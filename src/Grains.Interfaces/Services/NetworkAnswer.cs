namespace Dtaas.Grains.Interfaces.Services;

/// <summary>The registry's answer: the network with the asking node on it, or why not.</summary>
public sealed record NetworkAnswer(ServiceNetwork? Network, string? Refusal)
{
    public static NetworkAnswer Refused(string reason) => new(null, reason);
}
