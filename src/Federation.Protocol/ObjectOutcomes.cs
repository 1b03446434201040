using Dtaas.Grains.Interfaces.Servables;

namespace Dtaas.Federation.Protocol;

/// <summary>How a user's action on another member's object ended, on the wire (<c>TrustOutcome</c>, shared by trusts and servables).</summary>
public static class ObjectOutcomes
{
    public static V1.TrustOutcome ToMessage(this ServableOutcome outcome) => outcome switch
    {
        ServableOutcome.Done => V1.TrustOutcome.Done,
        ServableOutcome.Hidden => V1.TrustOutcome.Hidden,
        ServableOutcome.Forbidden => V1.TrustOutcome.Forbidden,
        ServableOutcome.Invalid => V1.TrustOutcome.Invalid,
        ServableOutcome.Conflict => V1.TrustOutcome.Conflict,
        ServableOutcome.Missing => V1.TrustOutcome.Missing,
        _ => V1.TrustOutcome.Unreachable,
    };

    /// <summary>An outcome this node does not know is a <see cref="FormatException"/>.</summary>
    public static ServableOutcome ToRecord(this V1.TrustOutcome outcome) => outcome switch
    {
        V1.TrustOutcome.Done => ServableOutcome.Done,
        V1.TrustOutcome.Hidden => ServableOutcome.Hidden,
        V1.TrustOutcome.Forbidden => ServableOutcome.Forbidden,
        V1.TrustOutcome.Invalid => ServableOutcome.Invalid,
        V1.TrustOutcome.Conflict => ServableOutcome.Conflict,
        V1.TrustOutcome.Missing => ServableOutcome.Missing,
        V1.TrustOutcome.Unreachable => ServableOutcome.Unreachable,
        var other => throw new FormatException($"unknown outcome {other}"),
    };
}
