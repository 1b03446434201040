using System.Net;
using System.Text;
using System.Text.Json;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Kubernetes.Client;

namespace Dtaas.Kubernetes.Tests.LeaderElection;

/// <summary>
/// The lease endpoints of an API server, in memory: get, create (409 AlreadyExists) and update with
/// resourceVersion enforced (409 Conflict on a stale one). Each candidate gets its own connection,
/// which the test can cut to play a partitioned leader.
/// </summary>
internal sealed class FakeLeaseApi
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, V1Lease> _leases = [];
    private long _version;

    public V1Lease? Lease(string name)
    {
        lock (_gate)
        {
            return _leases.GetValueOrDefault(name);
        }
    }

    /// <summary>Writes as another party would (e.g. an operator), bumping the resourceVersion.</summary>
    public void Put(V1Lease lease)
    {
        lock (_gate)
        {
            Store(lease);
        }
    }

    public Connection Connect() => new(this);

    private V1Lease Store(V1Lease lease)
    {
        var stored = lease with { Metadata = lease.Metadata with { ResourceVersion = (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture) } };
        _leases[lease.Metadata.Name!] = stored;
        return stored;
    }

    private HttpResponseMessage Handle(HttpMethod method, string path, string? body)
    {
        var name = path.Split('/')[^1];
        lock (_gate)
        {
            var existing = _leases.GetValueOrDefault(name);
            if (method == HttpMethod.Get)
            {
                return existing is null ? Error(HttpStatusCode.NotFound, "NotFound", $"leases \"{name}\" not found") : Ok(existing);
            }

            var lease = JsonSerializer.Deserialize(body!, KubernetesJsonContext.Default.V1Lease)!;
            if (method == HttpMethod.Post)
            {
                name = lease.Metadata.Name!;
                return _leases.ContainsKey(name)
                    ? Error(HttpStatusCode.Conflict, "AlreadyExists", $"leases \"{name}\" already exists")
                    : Ok(Store(lease));
            }

            if (existing is null)
            {
                return Error(HttpStatusCode.NotFound, "NotFound", $"leases \"{name}\" not found");
            }

            return lease.Metadata.ResourceVersion != existing.Metadata.ResourceVersion
                ? Error(HttpStatusCode.Conflict, "Conflict", $"Operation cannot be fulfilled on leases \"{name}\": the object has been modified")
                : Ok(Store(lease));
        }
    }

    private static HttpResponseMessage Ok(V1Lease lease) => new(HttpStatusCode.OK)
    {
        Content = new StringContent(JsonSerializer.Serialize(lease, KubernetesJsonContext.Default.V1Lease), Encoding.UTF8, "application/json"),
    };

    private static HttpResponseMessage Error(HttpStatusCode code, string reason, string message) => new(code)
    {
        Content = new StringContent(
            JsonSerializer.Serialize(new V1Status { Status = "Failure", Code = (int)code, Reason = reason, Message = message }, KubernetesJsonContext.Default.V1Status),
            Encoding.UTF8,
            "application/json"),
    };

    /// <summary>One candidate's link to the fake API.</summary>
    internal sealed class Connection(FakeLeaseApi api) : HttpMessageHandler
    {
        public volatile bool Cut;

        public KubernetesClient CreateClient() =>
            new(new KubernetesClientConfiguration { Host = new Uri("http://fake-api") }, handler: this);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Cut)
            {
                throw new HttpRequestException("Connection refused (the test cut this candidate off).");
            }

            var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            return api.Handle(request.Method, request.RequestUri!.AbsolutePath, body);
        }
    }
}
