using Dtaas.Grains.Interfaces.Models;
using Dtaas.Silo.Apps;

namespace Dtaas.Silo.Tests;

/// <summary>Where the gateway sends an app's requests: the selected port of the Service, through its Endpoints or its cluster IP.</summary>
public sealed class ServiceAddressTests
{
    private static readonly V1Service Seed = new()
    {
        Metadata = new ObjectMeta { Name = "example-service", Namespace = "default" },
        Spec = new V1ServiceSpec
        {
            ClusterIp = "10.96.0.12",
            Ports = [new V1ServicePort { Name = "http", Port = 8080, TargetPort = 12345 }, new V1ServicePort { Name = "admin", Port = 9090, TargetPort = 9999 }],
        },
    };

    private static readonly V1Endpoints SeedEndpoints = new()
    {
        Metadata = new ObjectMeta { Name = "example-service", Namespace = "default" },
        Subsets =
        [
            new V1EndpointSubset
            {
                Addresses = [new V1EndpointAddress { Ip = "10.1.2.3" }, new V1EndpointAddress { Ip = "10.1.2.4" }],
                Ports = [new V1EndpointPort { Name = "http", Port = 12345 }, new V1EndpointPort { Name = "admin", Port = 9999 }],
            },
        ],
    };

    [Fact]
    public void Standalone_the_first_port_goes_to_the_endpoints_in_turn()
    {
        var selector = new DtAppServiceSelector { Name = "example-service" };

        var first = ServiceAddress.Resolve(Seed, SeedEndpoints, selector, useClusterIp: false, turn: 0);
        var second = ServiceAddress.Resolve(Seed, SeedEndpoints, selector, useClusterIp: false, turn: 1);

        Assert.Equal(new Uri("http://10.1.2.3:12345/"), first.Address);
        Assert.Equal(new Uri("http://10.1.2.4:12345/"), second.Address);
    }

    [Fact]
    public void A_port_is_selected_by_number_or_by_name()
    {
        var byNumber = ServiceAddress.Resolve(Seed, SeedEndpoints, new DtAppServiceSelector { Name = "example-service", Port = 9090 }, false, 0);
        var byName = ServiceAddress.Resolve(Seed, SeedEndpoints, new DtAppServiceSelector { Name = "example-service", Port = "admin" }, false, 0);

        Assert.Equal(new Uri("http://10.1.2.3:9999/"), byNumber.Address);
        Assert.Equal(new Uri("http://10.1.2.3:9999/"), byName.Address);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("http", false)]
    [InlineData("kubernetes.io/h2c", true)]
    [InlineData("grpc", true)]
    [InlineData("H2C", true)]
    public void A_port_whose_appProtocol_says_h2c_or_grpc_is_spoken_to_in_http2(string? appProtocol, bool http2)
    {
        var service = Seed with
        {
            Spec = Seed.Spec! with { Ports = [new V1ServicePort { Name = "http", Port = 8080, TargetPort = 12345, AppProtocol = appProtocol }] },
        };

        Assert.Equal(http2, ServiceAddress.Resolve(service, SeedEndpoints, new DtAppServiceSelector { Name = "example-service" }, false, 0).Http2);
        Assert.Equal(http2, ServiceAddress.Resolve(service, null, new DtAppServiceSelector { Name = "example-service" }, useClusterIp: true, 0).Http2);
    }

    [Fact]
    public void In_a_cluster_the_service_address_is_used()
    {
        var resolved = ServiceAddress.Resolve(Seed, null, new DtAppServiceSelector { Name = "example-service", Port = "admin" }, useClusterIp: true, 0);

        Assert.Equal(new Uri("http://10.96.0.12:9090/"), resolved.Address);
    }

    [Fact]
    public void The_seed_example_with_an_unnamed_port_reaches_its_endpoint()
    {
        var service = Seed with { Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 8080, TargetPort = 12345 }] } };
        var endpoints = SeedEndpoints with
        {
            Subsets = [new V1EndpointSubset { Addresses = [new V1EndpointAddress { Ip = "10.1.2.3" }], Ports = [new V1EndpointPort { Port = 12345 }] }],
        };

        Assert.Equal(new Uri("http://10.1.2.3:12345/"), ServiceAddress.Resolve(service, endpoints, new DtAppServiceSelector { Name = "example-service" }, false, 7).Address);
    }

    [Theory]
    [InlineData(false, false, null, "Service example-service does not exist")]
    [InlineData(true, false, null, "Service example-service has no ready endpoints for port http")]
    [InlineData(true, true, "grpc", "Service example-service has no port grpc")]
    public void What_cannot_be_reached_is_said(bool serviceExists, bool endpointsExist, string? port, string problem)
    {
        var selector = new DtAppServiceSelector { Name = "example-service", Port = port is null ? (IntOrString?)null : IntOrString.FromName(port) };

        var resolved = ServiceAddress.Resolve(serviceExists ? Seed : null, endpointsExist ? SeedEndpoints : null, selector, useClusterIp: false, 0);

        Assert.Null(resolved.Address);
        Assert.Equal(problem, resolved.Problem);
    }
}
