using Dtaas.Grains.Interfaces.Models;

namespace Dtaas.Silo.Api;

/// <summary>
/// <c>POST /v1/{kind}</c> (name required) and <c>PATCH /v1/{kind}/{id}</c> (what is given changes; the name cannot).
/// There is no owner field: the owner is the caller.
/// </summary>
public sealed record ServableRequest(string? Name, DtAppServiceSelector? ServiceSelector, string? Description, IReadOnlyList<string>? Tags);
