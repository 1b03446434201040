using Dtaas.Grains.Interfaces.Apps;
using Dtaas.Grains.Interfaces.Models;
using Orleans;

namespace Dtaas.SdkConsole;

/// <summary>
/// The console's "publish" and "unpublish": a dtApp written through its grain as kubectl would write it, one line per
/// answer (<c>refused|applied|deleted &lt;status&gt; &lt;message or name&gt;</c>). Publishing first tries an
/// authenticationType the API's schema does not allow, to show its refusal.
/// </summary>
internal static class AppWrites
{
    public static async Task<int> PublishAsync(IGrainFactory grains, string @namespace, string name, string service, CancellationToken cancellationToken)
    {
        var grain = grains.GetGrain<IDtAppGrain>($"{@namespace}/{name}");
        var app = new DtApp
        {
            ServiceSelector = new DtAppServiceSelector { Name = service },
            DomainSelector = new DtAppDomainSelector { Name = [] },
            Spec = new DtAppSpec { AuthenticationType = "Bogus" },
        };
        var refused = await grain.Apply(app, cancellationToken);
        Console.WriteLine($"refused {refused.Status} {refused.Message}");
        var applied = await grain.Apply(app with { Spec = new DtAppSpec { AuthenticationType = DtAppAuthenticationType.None } }, cancellationToken);
        Console.WriteLine($"applied {applied.Status} {applied.Object?.Metadata.Name ?? applied.Message}");
        return refused.Status == 422 && applied.Succeeded ? 0 : 1;
    }

    public static async Task<int> UnpublishAsync(IGrainFactory grains, string @namespace, string name, CancellationToken cancellationToken)
    {
        var deleted = await grains.GetGrain<IDtAppGrain>($"{@namespace}/{name}").Delete(cancellationToken);
        Console.WriteLine($"deleted {deleted.Status} {deleted.Message ?? name}");
        return deleted.Succeeded ? 0 : 1;
    }
}
