using System.Text;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Ports;

namespace Dtaas.Grains.Tests.Fakes;

/// <summary>
/// An opener for which a "sealed" request is the joiner's node id in UTF-8 (then, after '|', the overlay networks of its
/// other domains, comma-separated), and the reply is the list's version. Standing queries are not scripted.
/// </summary>
public sealed class ScriptedJoinOpener : IJoinOpener
{
    public SealedOpening<JoinRequest, JoinReply> Open(InviteToken token, byte[] sealedRequest)
    {
        var parts = Encoding.UTF8.GetString(sealedRequest).Split('|');
        var nodeId = parts[0];
        var request = new JoinRequest(nodeId, $"{nodeId[..4]}.example.org", Bytes32.Random().ToBase64(), "10.0.0.9:51820",
            parts.Length > 1 ? parts[1].Split(',') : null);
        return SealedOpening<JoinRequest, JoinReply>.Opened(request, reply => Encoding.UTF8.GetBytes(reply.MemberList.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    public SealedOpening<StandingQuery, StandingReply> OpenStanding(byte[] sealedQuery) =>
        SealedOpening<StandingQuery, StandingReply>.Refused(400, "not scripted");
}
