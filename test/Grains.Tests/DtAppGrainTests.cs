using Dtaas.Grains.Apps;
using Dtaas.Grains.Interfaces.Apps;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Node;
using Dtaas.Grains.Ports;
using Dtaas.Grains.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Dtaas.Grains.Tests;

/// <summary>
/// The dtApp grain as a user meets it: an origin app gets its URI or says why it is not served, a replica is made as
/// the catalog places it (under the member's own URI), a user's edit of a replica is undone saying why, and a
/// replica the catalog withdraws is gone.
/// </summary>
public sealed class DtAppGrainTests : IAsyncLifetime
{
    private const string OriginNodeId = "ffffffffffffffffffffffffffffffff";
    private static readonly NodeDescription Node = new("0123456789abcdef0123456789abcdef", "node0.example.org", DateTimeOffset.UnixEpoch, "");
    private InProcessTestCluster _cluster = null!;
    private StoredObjects _objects = null!;

    public async Task InitializeAsync()
    {
        _cluster = await GrainTestSilo.StartAsync(services => services
            .AddSingleton(Node)
            .AddSingleton(new FederationSettings("10.0.0.1", 51820))
            .AddSingleton<IEventRecorder>(new NoEvents())
            .AddSingleton<ILocalObjects>(new ListedObjects())
            .AddSingleton<IFederationClient>(new UnreachableFederation()));
        _objects = new StoredObjects(_cluster);
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private IDtAppGrain App(string name) => _cluster.Client.GetGrain<IDtAppGrain>($"default/{name}");

    private async Task<DtApp> ReconciledAsync(string name, DtApp app)
    {
        await _objects.PutAsync(App(name), app);
        await App(name).Reconcile(default);
        return (await _objects.GetAsync<DtApp>(App(name)))!;
    }

    private static DtApp Origin(string name, DtAppSpec? spec = null, string? service = "example-service") => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "default", Uid = Guid.NewGuid().ToString() },
        ServiceSelector = new DtAppServiceSelector { Name = service },
        DomainSelector = new DtAppDomainSelector { Name = ["mydomain"] },
        Spec = spec,
    };

    private static AppReplica Placed(string id, string? authenticationUrl = null) => new(
        new SharedApp(id, OriginNodeId, "node1.example.org", "mydtapp", ["mydomain"],
            new DtAppSpec { AuthenticationType = authenticationUrl is null ? DtAppAuthenticationType.None : DtAppAuthenticationType.Custom, AuthenticationUrl = authenticationUrl }),
        [Guid.NewGuid()], ["mydomain"]);

    [Fact]
    public async Task An_origin_app_gets_its_uri_and_says_which_domains_it_does_not_reach_yet()
    {
        var app = await ReconciledAsync("mydtapp", Origin("mydtapp"));

        Assert.Equal(Node.UriOf(AppObjects.OriginId(app)!), app.Uri);
        Assert.Null(app.Status);
        Assert.Equal("Not shared yet: no dtDomain mydomain is Ready on this node.", app.Message);
    }

    [Theory]
    [InlineData("Basic", null, "Not served: spec.authenticationType 'Basic' is not supported: use None or Custom.")]
    [InlineData("Custom", "ftp://auth.example.org", "Not served: spec.authenticationURL must be an absolute http:// or https:// URL when spec.authenticationType is Custom.")]
    public async Task An_app_that_cannot_be_served_fails_and_says_why(string type, string? url, string message)
    {
        var app = await ReconciledAsync("bad", Origin("bad", new DtAppSpec { AuthenticationType = type, AuthenticationUrl = url }));

        Assert.Equal((DtAppStatus.Failed, message), (app.Status, app.Message));
    }

    [Fact]
    public async Task An_app_without_a_service_says_which_to_name()
    {
        var app = await ReconciledAsync("noservice", Origin("noservice", service: " "));

        Assert.Equal(DtAppStatus.Failed, app.Status);
        Assert.Contains("serviceSelector.name is empty", app.Message);
    }

    [Fact]
    public async Task A_replica_is_made_as_placed_under_this_members_uri_and_goes_when_withdrawn()
    {
        const string id = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";

        await App(id).Replicate(Placed(id, "http://auth.example.org/check"), default);

        var replica = (await _objects.GetAsync<DtApp>(App(id)))!;
        Assert.Equal($"http://{id}.node0.example.org", replica.Uri);
        Assert.Equal(["mydomain"], replica.DomainSelector!.Name);
        Assert.Equal("http://auth.example.org/check", replica.Spec!.AuthenticationUrl);
        Assert.Null(replica.ServiceSelector);
        Assert.Equal("mydtapp", AppObjects.ReadReplica(replica)!.App.OriginName);

        await App(id).Replicate(null, default);
        Assert.Null(await _objects.GetAsync<DtApp>(App(id)));
    }

    [Fact]
    public async Task A_users_edit_of_a_replica_is_undone_saying_where_to_change_it()
    {
        const string id = "1a1b2c3d4e5f60718293a4b5c6d7e8f9";
        await App(id).Replicate(Placed(id), default);
        var placed = (await _objects.GetAsync<DtApp>(App(id)))!;

        var restored = await ReconciledAsync(id, placed with
        {
            Spec = new DtAppSpec { AuthenticationType = DtAppAuthenticationType.Custom, AuthenticationUrl = "http://evil.example.org" },
        });

        Assert.Equal(DtAppAuthenticationType.None, restored.Spec!.AuthenticationType);
        Assert.Null(restored.Spec.AuthenticationUrl);
        Assert.Equal("DTaaS undid a change to this replica (it was edited): dtApp mydtapp on node node1.example.org is its origin; change or delete it there.",
            restored.Message);
    }

    [Fact]
    public async Task A_deleted_origin_app_is_not_made_anew()
    {
        await App("gone").Reconcile(default);

        Assert.Null(await _objects.GetAsync<DtApp>(App("gone")));
    }
}
