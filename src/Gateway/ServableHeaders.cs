namespace Dtaas.Gateway;

/// <summary>
/// How a member's gateway names the user it verified when it forwards a servable request over the overlay: only the
/// username and user id (the receiver knows the node by the overlay source address). The public side drops any such
/// header a client sends, and the bearer token never leaves the node that issued it.
/// </summary>
public static class ServableHeaders
{
    public const string User = "X-Dtaas-User";

    public const string UserId = "X-Dtaas-User-Id";
}
