using Dtaas.Grains.Interfaces.Objects;
using Orleans;

namespace Dtaas.Grains.Interfaces.Users;

/// <summary>
/// The login tokens of one node (key: the namespace). Tokens are random and kept only as their SHA-256 in this grain's
/// memory, so they are valid only on the node that issued them and never leave it; they expire.
/// </summary>
[Alias("dtaas.SessionGrain")]
public interface ISessionGrain : IGrainWithStringKey
{
    /// <summary>
    /// A new token for the user, or null when the username or password is wrong (the two are not told apart). Not
    /// throttled: for SDK clients, trusted with the node; the public API logs in with <see cref="LoginFrom"/>.
    /// </summary>
    [Alias("Login")]
    Task<IssuedToken?> Login(string username, string password, CancellationToken cancellationToken);

    /// <summary>
    /// A login from the network address <paramref name="source"/> (the TCP peer at the gateway): refused without checking
    /// the password, with a time to wait, while that source (or that source for that user) has failed too often.
    /// </summary>
    [Alias("LoginFrom")]
    Task<LoginAnswer> LoginFrom(string username, string password, string source, CancellationToken cancellationToken);

    /// <summary>Ends <paramref name="token"/> (logout); false when it was not a live token.</summary>
    [Alias("Logout")]
    Task<bool> Logout(string token, CancellationToken cancellationToken);

    /// <summary>Who holds <paramref name="token"/>, or null when it is unknown, expired, or its user is no longer Ready.</summary>
    [Alias("Resolve")]
    Task<VerifiedPrincipal?> Resolve(string token, CancellationToken cancellationToken);
}
