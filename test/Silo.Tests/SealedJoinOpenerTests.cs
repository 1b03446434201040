using System.Text.Json;
using Dtaas.Grains.Interfaces;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Silo.Federation;
using Dtaas.TestSupport;
using Dtaas.WireGuard.Join;
using Dtaas.WireGuard.Keys;

namespace Dtaas.Silo.Tests;

/// <summary>The creator's opener at its gateway: joins need the token and are taken once; standing queries need neither.</summary>
public sealed class SealedJoinOpenerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid DomainUid = Guid.Parse("3f2c1d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f");

    private readonly KeyPair _creator = KeyPair.Generate();
    private readonly ManualTimeProvider _clock = new(Now);

    [Fact]
    public void A_flood_of_standing_queries_takes_no_room_from_joins_and_a_replayed_query_is_still_answered()
    {
        var opener = new SealedJoinOpener(_creator, new ReplayCache(_clock, capacity: 4), _clock, TimeSpan.FromMinutes(2));
        var query = JsonSerializer.SerializeToUtf8Bytes(new StandingQuery("stranger"), GrainsJsonContext.Default.StandingQuery);
        var sealedQuery = JoinSession.Start(DomainUid, _creator.PublicKey, StandingSalt.Value).SealRequest(query, Now);

        for (var i = 0; i < 10; i++)
        {
            var opening = opener.OpenStanding(sealedQuery); // the same bytes again and again
            Assert.Equal("stranger", opening.Request?.NodeId);
        }

        var token = new InviteToken(DomainUid, new string('c', 32), Bytes32.FromBytes(_creator.PublicKey.ToArray()), Bytes32.Random());
        var join = JsonSerializer.SerializeToUtf8Bytes(new JoinRequest("joiner", "joiner.example.org", Bytes32.Random().ToBase64(), "10.0.0.2:51820"),
            GrainsJsonContext.Default.JoinRequest);
        var sealedJoin = JoinSession.Start(DomainUid, _creator.PublicKey, token.Secret.Span).SealRequest(join, Now);
        Assert.Equal(200, opener.Open(token, sealedJoin).StatusCode);
        Assert.Equal(409, opener.Open(token, sealedJoin).StatusCode); // a join, unlike a question, is taken once
    }
}
