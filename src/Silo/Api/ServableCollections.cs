using Dtaas.Grains.Interfaces.Models;

namespace Dtaas.Silo.Api;

/// <summary>
/// The REST collections of servables and the <c>spec.type</c> each holds: <c>/v1/apps</c> holds dtServables of type App,
/// not dtApps (a kind of their own, <c>dtapps</c>, which the /v1 API does not make).
/// </summary>
public static class ServableCollections
{
    public static IReadOnlyList<(string Path, string Type)> All { get; } =
    [
        ("apps", DtServableType.App), ("datasets", DtServableType.Dataset), ("models", DtServableType.Model),
        ("reports", DtServableType.Report), ("pipelines", DtServableType.Pipeline), ("daemons", DtServableType.Daemon),
    ];
}
