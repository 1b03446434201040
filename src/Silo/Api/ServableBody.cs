using Dtaas.Grains.Interfaces.Models;

namespace Dtaas.Silo.Api;

/// <summary>A servable as the caller may see it: DISCOVER alone shows id, type and capabilities; READ everything.</summary>
public sealed record ServableBody(
    string Id,
    string Type,
    IReadOnlyList<string> Capabilities,
    string? Name = null,
    string? Node = null,
    string? Owner = null,
    string? Uri = null,
    string? Status = null,
    string? Message = null,
    string? Description = null,
    IReadOnlyList<string>? Tags = null,
    DtAppServiceSelector? ServiceSelector = null,
    IReadOnlyList<DtServableGrant>? Grants = null);
