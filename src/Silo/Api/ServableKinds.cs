using Dtaas.Grains.Interfaces.Models;

namespace Dtaas.Silo.Api;

/// <summary>The REST collections of servables and the <c>spec.type</c> each holds.</summary>
public static class ServableKinds
{
    public static IReadOnlyList<(string Path, string Type)> All { get; } =
    [
        ("apps", DtServableType.App), ("datasets", DtServableType.Dataset), ("models", DtServableType.Model),
        ("reports", DtServableType.Report), ("pipelines", DtServableType.Pipeline), ("daemons", DtServableType.Daemon),
    ];
}
