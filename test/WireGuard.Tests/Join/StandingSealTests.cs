using Dtaas.TestSupport;
using Dtaas.WireGuard.Join;
using Dtaas.WireGuard.Keys;

namespace Dtaas.WireGuard.Tests.Join;

/// <summary>"Am I still in the domain?": anyone may ask the creator, only the creator can answer.</summary>
public sealed class StandingSealTests
{
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(1);
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid DomainUid = Guid.Parse("3f2c1d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f");
    private static readonly byte[] Query = "{\"nodeId\":\"n1\"}"u8.ToArray();

    private readonly KeyPair _creator = KeyPair.Generate();
    private readonly ReplayCache _replay = new(new ManualTimeProvider(Now));

    private JoinSealResult<OpenedJoinRequest> Open(byte[] sealedQuery, KeyPair creator, ReadOnlySpan<byte> salt) =>
        JoinSeal.OpenRequest(creator, salt, sealedQuery, Now, Skew, _replay);

    [Fact]
    public void The_creator_opens_a_query_and_only_the_asker_opens_the_answer()
    {
        var asker = JoinSession.Start(DomainUid, _creator.PublicKey, StandingSalt.Value);
        var opened = Open(asker.SealRequest(Query, Now), _creator, StandingSalt.Value);
        Assert.True(opened.Succeeded, opened.ToString());
        Assert.Equal(Query, opened.Value.Plaintext);

        var answer = opened.Value.Reply.Seal("{\"member\":false}"u8);
        Assert.True(asker.OpenReply(answer).Succeeded);
        // Another session (an eavesdropper's, or a replay into a later query) cannot read or accept it.
        Assert.False(JoinSession.Start(DomainUid, _creator.PublicKey, StandingSalt.Value).OpenReply(answer).Succeeded);
    }

    [Fact]
    public void Nobody_but_the_creator_can_answer_so_a_forged_you_were_removed_does_not_open()
    {
        var asker = JoinSession.Start(DomainUid, _creator.PublicKey, StandingSalt.Value);
        var impostor = KeyPair.Generate();

        Assert.False(Open(asker.SealRequest(Query, Now), impostor, StandingSalt.Value).Succeeded);
        // An impostor answering with a session of its own (it knows the public salt) gets nothing the asker accepts.
        var impostorSession = JoinSession.Start(DomainUid, impostor.PublicKey, StandingSalt.Value);
        var forged = Open(impostorSession.SealRequest(Query, Now), impostor, StandingSalt.Value).Value!.Reply.Seal("{\"member\":false}"u8);
        Assert.False(asker.OpenReply(forged).Succeeded);
    }

    [Fact]
    public void A_query_never_opens_as_a_join_request_nor_a_join_request_as_a_query()
    {
        var secret = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        var query = JoinSession.Start(DomainUid, _creator.PublicKey, StandingSalt.Value).SealRequest(Query, Now);
        var join = JoinSession.Start(DomainUid, _creator.PublicKey, secret).SealRequest(Query, Now);

        Assert.Equal(JoinSealError.WrongKeyOrSecret, Open(query, _creator, secret).Failure!.Error);
        Assert.Equal(JoinSealError.WrongKeyOrSecret, Open(join, _creator, StandingSalt.Value).Failure!.Error);
    }
}
