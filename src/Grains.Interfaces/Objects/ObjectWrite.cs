using Orleans;

namespace Dtaas.Grains.Interfaces.Objects;

/// <summary>
/// What a write through a grain did, as the Kubernetes API answered it (the same answer kubectl gets).
/// </summary>
/// <param name="Status">The API's HTTP status: 201 created, 200 replaced or deleted, 404 no such object, 409 a conflict (changed meanwhile, already there, a replica), 422 invalid, …</param>
/// <param name="Message">Why the API (or the grain, for a replica or a name that is not the grain's) refused; null when done.</param>
/// <param name="Object">The object as stored; null when refused or deleted.</param>
[GenerateSerializer, Immutable, Alias("dtaas.ObjectWrite`1")]
public sealed record ObjectWrite<T>([property: Id(0)] int Status, [property: Id(1)] string? Message, [property: Id(2)] T? Object) where T : class
{
    public bool Succeeded => Status is >= 200 and < 300;
}
