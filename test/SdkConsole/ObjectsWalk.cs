using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Servables;
using Dtaas.Grains.Interfaces.Trusts;
using Dtaas.Grains.Interfaces.Users;
using Orleans;

namespace Dtaas.SdkConsole;

/// <summary>
/// What the /v1 REST API does for a user, done through the grain interfaces as a .NET service would: log in, create a
/// Model, list and read it, then create a trust, add <see cref="Member"/>, view and list it, delete it. Grains are keyed
/// as the silo keys them (the namespace; <c>namespace/name</c> for a servable, <c>namespace/id</c> for a trust). Prints
/// one line per step, its observable result, for the end-to-end test to read.
/// </summary>
internal sealed record ObjectsWalk(string Username, string Password, string ModelName, Principal Member, string Namespace)
{
    /// <summary>The silo's <c>--namespace</c> default, which a standalone node uses.</summary>
    public const string DefaultNamespace = "default";

    /// <summary>What the program exits with when the node refuses the username and password.</summary>
    public const int LoginRefused = 3;

    /// <summary>0 once every step is done, or <see cref="LoginRefused"/>; a step the node refuses throws with its outcome.</summary>
    public async Task<int> RunAsync(IGrainFactory grains, CancellationToken cancellationToken)
    {
        var sessions = grains.GetGrain<ISessionGrain>(Namespace);
        if (await sessions.Login(Username, Password, cancellationToken) is not { } issued)
        {
            Console.Error.WriteLine($"login refused: wrong username or password for {Username}");
            return LoginRefused;
        }
        // A service keeps the token, not the password, and asks who holds it, as the REST API does for every call.
        var user = await sessions.Resolve(issued.AccessToken, cancellationToken)
            ?? throw new InvalidOperationException("the token the node just issued names no one");
        Console.WriteLine($"login {user.Principal} {user.Id.UserId}");

        var draft = new ServableDraft(DtServableType.Model, ModelName, new DtAppServiceSelector { Name = $"{ModelName}-svc", Port = 8080 },
            "created through the SDK", ["sdk"]);
        var created = Done(await grains.GetGrain<IDtServableGrain>($"{Namespace}/{ModelName}").Create(user, draft, cancellationToken), "create");
        Console.WriteLine($"created {Line(created)}");

        var directory = grains.GetGrain<IServableDirectoryGrain>(Namespace);
        foreach (var model in await directory.List(user, DtServableType.Model, cancellationToken))
        {
            Console.WriteLine($"listed {Line(model)}");
        }
        var federated = await directory.ListAcrossDomains(user, DtServableType.Model, cancellationToken);
        foreach (var model in federated.Items)
        {
            Console.WriteLine($"listed-across-domains {Line(model)}");
        }
        Console.WriteLine($"unreachable {Names(federated.Unreachable)}");
        var read = Done(await directory.Act(user, DtServableType.Model, created.Id, new ServableAction.Read(), cancellationToken), "read");
        Console.WriteLine($"read {Line(read)} owner {read.Details?.Owner}");

        // The caller draws the new trust's id, as the REST API does: it names this node (the user's) as the trust's home.
        var id = TrustIds.New(user.Id.NodeId);
        var trust = grains.GetGrain<IDtTrustGrain>($"{Namespace}/{id}");
        Console.WriteLine($"trust-created {Line(Done(await trust.Create(user, "sdk-trust", cancellationToken), "create trust"))}");
        Console.WriteLine($"trust-member-added {Line(Done(await trust.AddMember(user, Member, trustee: false, cancellationToken), "add member"))}");
        Console.WriteLine($"trust-viewed {Line(Done(await trust.View(user, cancellationToken), "view trust"))}");
        var trusts = grains.GetGrain<ITrustDirectoryGrain>(Namespace);
        async Task<string> Listed() => $"trusts-listed {Names([.. (await trusts.ListAcrossDomains(user, cancellationToken)).Items.Select(t => t.Id)])}";
        Console.WriteLine(await Listed());
        if (await trust.Delete(user, cancellationToken) is { Outcome: not ServableOutcome.Done } refused)
        {
            throw Refused("delete trust", refused.Outcome, refused.Error);
        }
        Console.WriteLine($"trust-deleted {id}");
        Console.WriteLine(await Listed());
        return 0;
    }

    private static ServableView Done(ServableAnswer answer, string step) =>
        answer is { Outcome: ServableOutcome.Done, Servable: { } servable } ? servable : throw Refused(step, answer.Outcome, answer.Error);

    private static TrustView Done(TrustAnswer answer, string step) =>
        answer is { Outcome: ServableOutcome.Done, Trust: { } trust } ? trust : throw Refused(step, answer.Outcome, answer.Error);

    private static InvalidOperationException Refused(string step, ServableOutcome outcome, string? error) => new($"{step}: {outcome}: {error}");

    private static string Line(ServableView servable) =>
        $"{servable.Type} {servable.Id} {servable.Name} {Names(Capabilities.Names(servable.Capabilities))}";

    private static string Line(TrustView trust) =>
        $"{trust.Id} {trust.Name} trustees {Names(trust.Trustees)} members {Names(trust.Members)} version {trust.Version}";

    /// <summary>Comma-separated, or <c>-</c> for none, so every line splits on spaces.</summary>
    private static string Names(IReadOnlyList<string> names) => names.Count == 0 ? "-" : string.Join(',', names);
}
