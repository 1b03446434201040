namespace Dtaas.ApiServer;

/// <summary>A CRD additionalPrinterColumn: what `kubectl get` shows for a kind.</summary>
/// <param name="CountedPaths">When set, the cell is the number of entries these maps hold (kubectl's DATA column).</param>
internal sealed record PrinterColumn(string Name, string Type, string JsonPath, int Priority = 0, string Description = "", string Format = "",
    IReadOnlyList<string>? CountedPaths = null)
{
    public static PrinterColumn Count(string name, params string[] paths) => new(name, "integer", paths[0], CountedPaths: paths);
}
