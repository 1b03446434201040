namespace Dtaas.Grains.Interfaces.Models;

/// <summary>Values of <c>dtServable.spec.type</c>. The first four serve HTTP; a Pipeline runs once, a Daemon forever.</summary>
public static class DtServableType
{
    public const string App = "App";
    public const string Dataset = "Dataset";
    public const string Model = "Model";
    public const string Report = "Report";
    public const string Pipeline = "Pipeline";
    public const string Daemon = "Daemon";
}
