namespace Dtaas.Gateway;

/// <summary>What the public gateway found for a Host: an app served here or one forwarded to its origin.</summary>
public abstract record AppTarget(string AppId);
