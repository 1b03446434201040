using Dtaas.Grains.Apps;
using Dtaas.Grains.Interfaces.Models;

namespace Dtaas.Grains.Tests;

/// <summary>An origin dtApp that cannot be served says which field to fix.</summary>
public sealed class AppValidationTests
{
    [Theory]
    [InlineData("example-service", "mydomain", "None", null, null)]
    [InlineData("example-service", "mydomain", null, null, null)]
    [InlineData("example-service", "mydomain", "Custom", "https://auth.example.org/check", null)]
    [InlineData("", "mydomain", "None", null, "serviceSelector.name is empty: name the Service in this namespace to publish")]
    [InlineData("example-service", "", "None", null, "domainSelector.name is empty: list the dtDomains to share the app with")]
    [InlineData("example-service", "mydomain", "Basic", null, "spec.authenticationType 'Basic' is not supported: use None or Custom")]
    [InlineData("example-service", "mydomain", "Custom", null, "spec.authenticationURL must be an absolute http:// or https:// URL when spec.authenticationType is Custom")]
    [InlineData("example-service", "mydomain", "Custom", "/check", "spec.authenticationURL must be an absolute http:// or https:// URL when spec.authenticationType is Custom")]
    [InlineData("example-service", "mydomain", "Custom", "ftp://auth/check", "spec.authenticationURL must be an absolute http:// or https:// URL when spec.authenticationType is Custom")]
    public void Problems_name_the_field(string service, string domain, string? type, string? url, string? problem)
    {
        var app = new DtApp
        {
            ServiceSelector = new DtAppServiceSelector { Name = service },
            DomainSelector = new DtAppDomainSelector { Name = domain.Length == 0 ? [] : [domain] },
            Spec = new DtAppSpec { AuthenticationType = type, AuthenticationUrl = url },
        };

        Assert.Equal(problem, AppValidation.Problem(app));
    }

    [Fact]
    public void An_id_is_32_lowercase_hex_and_an_origins_id_is_its_uid()
    {
        var app = new DtApp { Metadata = new ObjectMeta { Uid = "e1727794-18b4-4ef2-be58-5205a0455b40" } };

        Assert.Equal("e172779418b44ef2be585205a0455b40", AppObjects.OriginId(app));
        Assert.True(AppObjects.IsId("0dc2454cd73640a0816c1fee74a040c3"));
        Assert.False(AppObjects.IsId("0DC2454CD73640A0816C1FEE74A040C3"));
        Assert.False(AppObjects.IsId("../etc"));
    }
}
