using System.Security.Cryptography;
using System.Text;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Users;
using Dtaas.Grains.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Concurrency;

namespace Dtaas.Grains.Users;

/// <summary>
/// The node's login tokens: 32 random bytes (base64url) handed out once; only their SHA-256 is kept, in memory, so a
/// token is good only here and only until it expires, its user logs it out, the user's Secret changes (a new password
/// ends every token issued before), or the silo holding this grain stops. At most
/// <see cref="SessionSettings.MaxPerUser"/> live tokens a user (a new login drops the oldest). Reentrant: checking a token
/// must not wait behind a login that is checking a password.
/// </summary>
[Reentrant]
public sealed class SessionGrain(
    ILocalObjects objects,
    ISecretKeys secrets,
    IPasswordCheck passwords,
    SessionSettings settings,
    [FromKeyedServices(GrainClock.Key)] TimeProvider clock,
    ILogger<SessionGrain> logger) : Grain, ISessionGrain
{
    private readonly Dictionary<string, Session> _sessions = new(StringComparer.Ordinal);

    /// <summary>Per user id: the latest look at its Secret (the silo may get Secrets, not watch them), shared by concurrent Resolves.</summary>
    private readonly Dictionary<string, (DateTimeOffset At, Task<string?> Fingerprint)> _secretLooks = new(StringComparer.Ordinal);

    private string Namespace => this.GetPrimaryKeyString();

    public async Task<IssuedToken?> Login(string username, string password, CancellationToken cancellationToken) =>
        await CheckAsync(username, password, cancellationToken) is { } match ? Issue(username, match) : null;

    public async Task<LoginAnswer> LoginFrom(string username, string password, string source, CancellationToken cancellationToken)
    {
        var throttle = GrainFactory.GetGrain<ILoginThrottleGrain>(Namespace);
        if (await throttle.Attempt(username, source) is { } wait)
        {
            logger.LogDebug("Login to {Namespace}/{Username} from {Source} throttled for {Wait}", Namespace, username, source, wait);
            return new LoginAnswer(null, wait);
        }
        if (await CheckAsync(username, password, cancellationToken) is not { } match)
        {
            return LoginAnswer.Refused;
        }
        await throttle.Succeeded(username, source);
        return new LoginAnswer(Issue(username, match), null);
    }

    public Task<bool> Logout(string token, CancellationToken cancellationToken)
    {
        if (!_sessions.Remove(Hash(token), out var session))
        {
            return Task.FromResult(false);
        }
        logger.LogInformation("dtUser {Namespace}/{Username} logged a token out", Namespace, session.User.Principal.Username);
        return Task.FromResult(true);
    }

    public async Task<VerifiedPrincipal?> Resolve(string token, CancellationToken cancellationToken)
    {
        var key = Hash(token);
        if (!_sessions.TryGetValue(key, out var session) || session.ExpiresAt <= clock.GetUtcNow() || ReadyUser(session.User) is not { } user)
        {
            return null;
        }
        if (await SecretFingerprintAsync(user).WaitAsync(cancellationToken) != session.SecretFingerprint)
        {
            EndSessionsOf(session.User, "its Secret changed");
            return null;
        }
        return session.User;
    }

    /// <summary>The user if the password is right; otherwise null after the same work (an unknown name costs what a known one does).</summary>
    private async Task<PasswordMatch?> CheckAsync(string username, string password, CancellationToken cancellationToken)
    {
        if (!ObjectNames.IsValid(username))
        {
            await passwords.MatchesAsync(null, password, cancellationToken); // not a dtUser name at all, but the same work
            return null;
        }
        var match = await GrainFactory.GetGrain<IDtUserGrain>(new ObjectKey(Namespace, username).ToString()).Verify(password, cancellationToken);
        if (match is null)
        {
            logger.LogInformation("Login to {Namespace}/{Username} refused: unknown user or wrong password", Namespace, username);
        }
        return match;
    }

    private IssuedToken Issue(string username, PasswordMatch match)
    {
        var now = clock.GetUtcNow();
        Purge(now);
        var own = _sessions.Where(s => s.Value.User.Id == match.User.Id).OrderBy(s => s.Value.IssuedAt).Select(s => s.Key).ToList();
        foreach (var oldest in own.Take(Math.Max(0, own.Count - settings.MaxPerUser + 1)))
        {
            _sessions.Remove(oldest);
        }
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        _sessions[Hash(token)] = new Session(match.User, match.SecretFingerprint, now, now + settings.TokenLifetime);
        _secretLooks[match.User.Id.UserId] = (now, Task.FromResult<string?>(match.SecretFingerprint));
        // Keep the tokens as long as one may be used: an idle grain would otherwise be collected with them.
        DelayDeactivation(settings.TokenLifetime);
        logger.LogInformation("dtUser {Namespace}/{Username} logged in as {Principal}; token expires in {Lifetime}", Namespace, username, match.User.Principal,
            settings.TokenLifetime);
        return new IssuedToken(token, settings.TokenLifetime, match.User);
    }

    /// <summary>A token dies with its user: deleted, failed, or made anew under the same name (a new id).</summary>
    private DtUser? ReadyUser(VerifiedPrincipal user) =>
        objects.Users().FirstOrDefault(u => u.Metadata.Namespace == Namespace && u.Metadata.Name == user.Principal.Username && u.Spec is not null
            && u.Status == DtUserStatus.Ready && u.Id == user.Id.UserId);

    /// <summary>The fingerprint of the Secret key the user names now, looked at most once per <see cref="SessionSettings.SecretRecheck"/>.</summary>
    private async Task<string?> SecretFingerprintAsync(DtUser user)
    {
        var now = clock.GetUtcNow();
        if (!_secretLooks.TryGetValue(user.Id!, out var look) || look.At + settings.SecretRecheck <= now
            || look.Fingerprint is { IsCompleted: true, IsCompletedSuccessfully: false })
        {
            // Not the first caller's token: the look is shared, and one caller leaving must not fail the others.
            look = (now, ReadFingerprintAsync(user, CancellationToken.None));
            _secretLooks[user.Id!] = look;
        }
        return await look.Fingerprint;
    }

    private async Task<string?> ReadFingerprintAsync(DtUser user, CancellationToken cancellationToken) =>
        user.Spec?.PasswordSecretRef is { Name: { } secret, Key: { } key }
            ? (await secrets.ReadAsync(Namespace, secret, key, cancellationToken)).Fingerprint(secret, key)
            : null;

    private void EndSessionsOf(VerifiedPrincipal user, string reason)
    {
        var ended = _sessions.Where(s => s.Value.User.Id == user.Id).Select(s => s.Key).ToList();
        foreach (var key in ended)
        {
            _sessions.Remove(key);
        }
        logger.LogInformation("dtUser {Namespace}/{Username}: {Count} tokens ended: {Reason}", Namespace, user.Principal.Username, ended.Count, reason);
    }

    private void Purge(DateTimeOffset now)
    {
        foreach (var expired in _sessions.Where(s => s.Value.ExpiresAt <= now).Select(s => s.Key).ToList())
        {
            _sessions.Remove(expired);
        }
        foreach (var stale in _secretLooks.Where(l => l.Value.At + settings.SecretRecheck <= now).Select(l => l.Key).ToList())
        {
            _secretLooks.Remove(stale);
        }
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed record Session(VerifiedPrincipal User, string SecretFingerprint, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt);
}
