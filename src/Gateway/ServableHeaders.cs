namespace Dtaas.Gateway;

/// <summary>
/// How a member's gateway names the user it verified when it forwards a servable request over the overlay: only the
/// username and user id (the receiver knows the node by the overlay source address). The public side drops every
/// <c>X-Dtaas-*</c> header a client sends (<see cref="ClientHeaders"/>); the origin reads these only for what it serves as a
/// servable, never to choose between a dtApp and a servable; the bearer token never leaves the node that issued it.
/// </summary>
public static class ServableHeaders
{
    public const string User = "X-Dtaas-User";

    public const string UserId = "X-Dtaas-User-Id";
}
