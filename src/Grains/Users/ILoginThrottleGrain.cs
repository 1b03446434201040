using Orleans;

namespace Dtaas.Grains.Users;

/// <summary>
/// Failed logins of one node (key: the namespace; one activation, so every replica's gateway counts in the same table),
/// per (username, source address) and per source address.
/// </summary>
[Alias("dtaas.LoginThrottleGrain")]
public interface ILoginThrottleGrain : IGrainWithStringKey
{
    /// <summary>
    /// A login from <paramref name="source"/> for <paramref name="username"/> is about to be checked: how long it must
    /// wait instead, or null to go on. A login that goes on counts as failed until <see cref="Succeeded"/> says otherwise,
    /// so concurrent guesses cannot all slip in before the first failure is known.
    /// </summary>
    [Alias("Attempt")]
    Task<TimeSpan?> Attempt(string username, string source);

    /// <summary>The login <see cref="Attempt"/> let through had the right password.</summary>
    [Alias("Succeeded")]
    Task Succeeded(string username, string source);
}
