namespace Dtaas.Kubernetes.ApiServer;

/// <summary>A CRD additionalPrinterColumn: what `kubectl get` shows for a kind.</summary>
internal sealed record PrinterColumn(string Name, string Type, string JsonPath, int Priority = 0, string Description = "", string Format = "");
