using System.Globalization;
using System.Text.RegularExpressions;
using Dtaas.EndToEnd.Tests.Topology;
using Dtaas.Grains.Interfaces.Federation;

namespace Dtaas.EndToEnd.Tests;

/// <summary>
/// Joins that must fail (DESIGN.md 2.3): a malformed token, a token for another domain, an expired, used-up or rotated
/// token, an address nobody answers at. Each fails with a clear message in the joiner's dtDomain and creates nothing:
/// no dtPeer on the joiner, the creator's member list unchanged. node1 is the joiner and never becomes a member (a
/// member's join is admitted whatever the policy), node2 joins only where a use of the token is needed; each join
/// gets its own dtDomain name and is deleted afterwards, so the tests run in any order on one topology.
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class FederationInviteTests(CreatedDomainFixture fixture) : IClassFixture<CreatedDomainFixture>
{
    private const string Domain = CreatedDomainFixture.Domain;

    /// <summary>The issue's interval between attempts to reach an address that did not answer.</summary>
    private static readonly TimeSpan JoinRetry = TimeSpan.FromSeconds(10);

    private NetnsSilo Creator => fixture.Topology[0];

    private NetnsSilo Joiner => fixture.Topology[1];

    [NamespaceFact]
    public async Task A_malformed_token_fails_naming_spec_peer_inviteToken_and_nothing_is_sent()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        var creatorLogBefore = JoinLinesOf(Creator);

        var message = await AssertJoinFailsAsync("bad-malformed", Creator.JoinAddress(), "bm90IGEgdG9rZW4=", "spec.peer.inviteToken");

        Assert.Contains("not a DTaaS invite token", message);
        Assert.DoesNotMatch(new Regex(@"dtDomain \S*bad-malformed: joining domain"), Joiner.Output);
        Assert.Equal(creatorLogBefore, JoinLinesOf(Creator));
    }

    [NamespaceFact]
    public async Task A_token_for_another_domain_of_the_same_creator_is_refused_because_the_creator_has_no_such_domain()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        var real = InviteToken.Parse(await CurrentTokenAsync());
        // Right node and key, unknown domain: what a token of a deleted domain, or an altered one, looks like.
        var forged = InviteToken.Issue(Guid.NewGuid(), real.CreatorNodeId, real.CreatorPublicKey).Encode();

        var message = await AssertJoinFailsAsync("bad-other-domain", Creator.JoinAddress(), forged, "has no domain");

        Assert.Contains("the creator refused", message);
    }

    [NamespaceFact]
    public async Task An_expired_token_is_refused()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        var expiredAt = DateTimeOffset.UtcNow.AddHours(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        await Creator.AnnotateDomainAsync(Domain, FederationKubectl.ExpiresAtAnnotation, expiredAt);
        try
        {
            await AssertJoinFailsAsync("bad-expired", Creator.JoinAddress(), await CurrentTokenAsync(), "the invite token expired at");
        }
        finally
        {
            await Creator.AnnotateDomainAsync(Domain, FederationKubectl.ExpiresAtAnnotation, null);
        }
    }

    [NamespaceFact]
    public async Task A_used_up_token_is_refused_once_max_uses_joins_were_made_with_it()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        var node2 = fixture.Topology[2];
        var token = await CurrentTokenAsync();
        var uses = int.Parse((await Creator.GetAsync("dtdomain", Domain))!.Value.Annotation(FederationKubectl.UsesAnnotation) ?? "0", CultureInfo.InvariantCulture);
        // One more use allowed, and node2 takes it.
        await Creator.AnnotateDomainAsync(Domain, FederationKubectl.MaxUsesAnnotation, (uses + 1).ToString(CultureInfo.InvariantCulture));
        try
        {
            await node2.ApplyJoinAsync("used-once", Creator.JoinAddress(), token, CancellationToken.None);
            var joined = await node2.WaitForJoinOutcomeAsync("used-once");
            Assert.True(joined.String("status") == "Ready", $"node2 could not use the token: {joined}\n{node2.Output}");
            await Eventually.Until(
                () => Creator.GetAsync("dtdomain", Domain),
                domain => domain?.Annotation(FederationKubectl.UsesAnnotation) == (uses + 1).ToString(CultureInfo.InvariantCulture),
                what: "the creator counting node2's use");

            var message = await AssertJoinFailsAsync("bad-used-up", Creator.JoinAddress(), token, "the invite token is used up");

            Assert.Contains($"({uses + 1} of {uses + 1} joins)", message);
        }
        finally
        {
            await Creator.AnnotateDomainAsync(Domain, FederationKubectl.MaxUsesAnnotation, null);
        }
    }

    [NamespaceFact]
    public async Task A_rotated_token_stops_working_at_once()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        var old = await CurrentTokenAsync();
        await Creator.AnnotateDomainAsync(Domain, FederationKubectl.RotateAnnotation, "1");
        var rotated = await Eventually.Until(
            () => Creator.GetAsync("dtdomain", Domain),
            domain => domain?.String("inviteToken") is { } token && token != old && domain.Value.Annotation(FederationKubectl.RotateAnnotation) is null,
            what: "a new invite token");
        // Same domain, creator and key: only the secret changed.
        var (before, after) = (InviteToken.Parse(old), InviteToken.Parse(rotated!.Value.String("inviteToken")!));
        Assert.Equal((before.DomainUid, before.CreatorNodeId, before.CreatorPublicKey), (after.DomainUid, after.CreatorNodeId, after.CreatorPublicKey));

        await AssertJoinFailsAsync("bad-rotated", Creator.JoinAddress(), old,
            "does not open with this domain's key and invite secret (a wrong, rotated or altered invite token)");
    }

    [NamespaceFact]
    public async Task An_address_nobody_answers_at_fails_with_cannot_reach_and_is_tried_again_10_s_later()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        // An unused address of the test's own bridge subnet: the attempt never leaves the test's namespaces.
        var subnet = fixture.Topology.Network.Subnet.GetAddressBytes();
        var nobody = $"{subnet[0]}.{subnet[1]}.{subnet[2]}.250:{NetnsSilo.GatewayPort}";

        var message = await AssertJoinFailsAsync("bad-unreachable", nobody, await CurrentTokenAsync(), "cannot reach", async () =>
        {
            // The joiner's own log times its attempts: the next one must wait the promised 10 s (less the clock's slack).
            var attempts = await Eventually.Until(
                () => Task.FromResult(JoinAttempts(Joiner, "bad-unreachable")),
                found => found.Count >= 2,
                JoinRetry + TimeSpan.FromSeconds(10),
                what: "a second join attempt");
            var failedAt = LogTime(Joiner.Output.Split('\n').First(line => line.Contains("dtDomain default/bad-unreachable: Failed:", StringComparison.Ordinal)));
            Assert.True(attempts[1] - failedAt >= JoinRetry - TimeSpan.FromSeconds(1),
                $"tried again {(attempts[1] - failedAt).TotalMilliseconds:0} ms after failing, not {JoinRetry}");
        });

        Assert.Contains("trying again every 10 s", message);
    }

    /// <summary>
    /// Joins dtDomain <paramref name="name"/> from node1 and asserts it fails with a message containing
    /// <paramref name="expected"/> and creates nothing; runs <paramref name="whileFailed"/>, then deletes the object.
    /// Returns the message.
    /// </summary>
    private async Task<string> AssertJoinFailsAsync(string name, string address, string token, string expected, Func<Task>? whileFailed = null)
    {
        var membershipBefore = await Creator.MemberListJsonAsync(Domain);
        Assert.NotNull(membershipBefore);
        try
        {
            await Joiner.ApplyJoinAsync(name, address, token, CancellationToken.None);
            var outcome = await Joiner.WaitForJoinOutcomeAsync(name);
            var message = outcome.String("message") ?? "";

            Assert.True(outcome.String("status") == "Failed", $"joining {name}: {outcome}\n{Joiner.Output}");
            Assert.Contains(expected, message, StringComparison.OrdinalIgnoreCase);
            Assert.Empty(outcome.Peers());
            Assert.Null(outcome.Annotation(FederationKubectl.MemberListAnnotation));
            Assert.Equal(0, (await Joiner.ListPeersAsync()).Count);
            Assert.Equal(membershipBefore, await Creator.MemberListJsonAsync(Domain));
            Assert.DoesNotContain(Joiner.NodeId, (await Creator.GetAsync("dtdomain", Domain))!.Value.Peers());
            Assert.Null(await Creator.GetAsync("dtpeer", Joiner.NodeId));
            if (whileFailed is not null)
            {
                await whileFailed();
            }
            return message;
        }
        finally
        {
            await Joiner.KubectlCheckedAsync("delete", "dtdomain", name, "--ignore-not-found");
        }
    }

    private async Task<string> CurrentTokenAsync() => (await Creator.GetAsync("dtdomain", Domain))!.Value.String("inviteToken")!;

    /// <summary>When the joiner logged each attempt to join through dtDomain <paramref name="name"/>.</summary>
    private static IReadOnlyList<DateTimeOffset> JoinAttempts(NetnsSilo silo, string name) =>
        [.. silo.Output.Split('\n').Where(line => line.Contains($"dtDomain default/{name}: joining domain", StringComparison.Ordinal)).Select(LogTime)];

    /// <summary>The timestamp the silo's console log starts each line with (RFC 3339, UTC).</summary>
    private static DateTimeOffset LogTime(string line) =>
        DateTimeOffset.Parse(line[..line.IndexOf(' ', StringComparison.Ordinal)], CultureInfo.InvariantCulture);

    /// <summary>The creator's log lines about join requests it received or refused.</summary>
    private static int JoinLinesOf(NetnsSilo silo) =>
        silo.Output.Split('\n').Count(line => line.Contains("refused a join", StringComparison.Ordinal) || line.Contains("Join request", StringComparison.Ordinal));
}
