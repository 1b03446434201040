namespace Dtaas.Runtime;

/// <summary>One grain interface and the class that implements it on this silo.</summary>
public sealed record GrainRegistration(Type Interface, Type Class);
