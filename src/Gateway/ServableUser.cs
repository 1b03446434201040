namespace Dtaas.Gateway;

/// <summary>A user as the node that issued its token names it: its dtUser's name and id.</summary>
public sealed record ServableUser(string Username, string UserId);
