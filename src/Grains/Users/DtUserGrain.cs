using Dtaas.Grains.Federation;
using Dtaas.Grains.Interfaces;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Users;
using Dtaas.Grains.Node;
using Dtaas.Grains.Objects;
using Dtaas.Grains.Ports;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;

namespace Dtaas.Grains.Users;

/// <summary>
/// A dtUser on its home node: its id (from its uid, kept once given), and Ready only while the Secret key its
/// <c>spec.passwordSecretRef</c> names exists (and, when it holds an Argon2id hash, the hash can be read). The password
/// or hash is read from the Secret at each check, compared by <see cref="IPasswordCheck"/>, and never kept or logged.
/// Every change is told to the node's user catalog, which shares the Ready users. A replica of another node's user is
/// only written by the catalog: never reconciled, never logged in.
/// </summary>
public sealed class DtUserGrain(
    NodeDescription node,
    ISecretKeys secrets,
    IPasswordCheck passwords,
    IEventRecorder events,
    ILogger<DtUserGrain> logger,
    [PersistentState("object", StorageNames.Kubernetes)] IPersistentState<DtUser> user) : Grain, IDtUserGrain
{
    /// <summary>No watch on Secrets (the silo may only get them): a user waiting for its Secret looks again this often.</summary>
    public static readonly TimeSpan SecretRecheck = TimeSpan.FromSeconds(10);

    /// <summary>The key name that says its value is an Argon2id hash (any key whose value starts with <c>$argon2id$</c> is one too).</summary>
    public const string PasswordHashKey = "passwordHash";

    /// <summary>The Secret a login for a user that does not exist reads instead (whether it exists or not; nothing in it is used).</summary>
    private const string DecoySecret = "dtaas-login-decoy";

    private string Key => this.GetPrimaryKeyString();

    private string Namespace => ObjectKey.Parse(Key).Namespace;

    public async Task<TimeSpan?> Reconcile(CancellationToken cancellationToken)
    {
        await user.ReadStateAsync(cancellationToken);
        if (user.RecordExists && UserObjects.IsReplica(user.State))
        {
            await KeepReplicaAsync(cancellationToken);
            return null;
        }
        if (!user.RecordExists || user.State.Spec is null || user.State.Metadata.DeletionTimestamp is not null)
        {
            DeactivateOnIdle();
            RefreshCatalog(); // a deleted user leaves the other members' directories; a deleted replica comes back
            return null;
        }
        var observed = user.State;
        var problem = await ProblemAsync(observed.Spec, cancellationToken);
        var desired = observed with
        {
            Id = ObjectIds.Of(observed.Metadata, observed.Id) ?? throw new InvalidOperationException($"dtUser {Key} has no uid"),
            Username = observed.Metadata.Name,
            Node = node.Name,
            NodeId = node.Id,
            Status = problem is null ? DtUserStatus.Ready : DtUserStatus.Failed,
            Message = problem,
        };
        if (!desired.Equals(observed))
        {
            user.State = desired;
            await user.WriteStateAsync(cancellationToken);
            if (problem is null)
            {
                logger.LogInformation("dtUser {User}: Ready as {Principal} (id {Id})", Key, Principal.Of(desired.Username!, node.Name), desired.Id);
            }
            else
            {
                logger.LogWarning("dtUser {User}: Failed: {Message}", Key, problem);
                await events.RecordAsync(desired, EventKind.Warning, "Failed", problem, cancellationToken);
            }
        }
        // Every time, not only on a change: the catalog reads the watcher's cache, which may not have had this write yet.
        RefreshCatalog();
        return problem is null ? null : SecretRecheck;
    }

    public async Task<PasswordMatch?> Verify(string password, CancellationToken cancellationToken)
    {
        await user.ReadStateAsync(cancellationToken);
        var observed = user.State;
        if (!user.RecordExists || UserObjects.IsReplica(observed) || observed.Status != DtUserStatus.Ready || !ObjectIds.IsId(observed.Id)
            || observed.Spec?.PasswordSecretRef is not { Name: { } secret, Key: { } key })
        {
            // No such user here: the same work as a wrong password (a Secret read and a check), so the time tells nothing.
            await secrets.ReadAsync(Namespace, DecoySecret, PasswordHashKey, cancellationToken);
            await passwords.MatchesAsync(null, password, cancellationToken);
            return null;
        }
        var stored = await secrets.ReadAsync(Namespace, secret, key, cancellationToken);
        if (stored.Value is null)
        {
            logger.LogWarning("dtUser {User}: a login was refused: {Problem}", Key, stored.Problem);
        }
        return await passwords.MatchesAsync(stored.Value, password, cancellationToken)
            ? new PasswordMatch(new VerifiedPrincipal(Principal.Of(observed.Metadata.Name!, node.Name), new PrincipalId(node.Id, observed.Id!)),
                stored.Fingerprint(secret, key))
            : null;
    }

    public async Task Replicate(SharedUser? replica, CancellationToken cancellationToken)
    {
        await user.ReadStateAsync(cancellationToken);
        if (user.RecordExists && !UserObjects.IsReplica(user.State))
        {
            // Not for the catalog to touch; it checks before placing, so only a user made meanwhile gets here.
            logger.LogWarning("dtUser {User}: a local user of that name exists; the replica of node {NodeId}'s user is not placed", Key, replica?.NodeId);
            return;
        }
        if (replica is null)
        {
            if (user.RecordExists)
            {
                await user.ClearStateAsync(cancellationToken);
                logger.LogInformation("dtUser {User}: replica deleted", Key);
            }
            DeactivateOnIdle();
            return;
        }
        if (user.RecordExists && UserObjects.Holds(user.State, replica))
        {
            return;
        }
        user.State = UserObjects.Replica(replica, Namespace, user.RecordExists ? user.State : null, message: null);
        await user.WriteStateAsync(cancellationToken);
        logger.LogInformation("dtUser {User}: replica of {Username}@{Node} (node {NodeId})", Key, replica.Username, replica.NodeName, replica.NodeId);
    }

    /// <summary>A replica is read-only (only its user's node changes the user): an edit of its fields is undone from what the catalog placed.</summary>
    private async Task KeepReplicaAsync(CancellationToken cancellationToken)
    {
        if (UserObjects.ReadReplica(user.State) is not { } placed || UserObjects.Holds(user.State, placed))
        {
            return; // as placed, or its annotation edited away from one: the next set from its node places it again
        }
        var message = $"a replica is read-only: only {placed.NodeName} changes its user {placed.Username}; an edit was undone";
        user.State = UserObjects.Replica(placed, Namespace, user.State, message);
        await user.WriteStateAsync(cancellationToken);
        logger.LogWarning("dtUser {User}: {Message}", Key, message);
    }

    private void RefreshCatalog()
    {
        var catalog = GrainFactory.GetGrain<IUserCatalogGrain>(Namespace);
        CatalogNotice.Send(() => catalog.Refresh(CancellationToken.None), "dtUser", Key, logger);
    }

    private async Task<string?> ProblemAsync(DtUserSpec spec, CancellationToken cancellationToken)
    {
        if (spec.PasswordSecretRef is not { Name: { Length: > 0 } secret, Key: { Length: > 0 } key })
        {
            return "spec.passwordSecretRef must name a Secret (name) and its key (key) holding the password";
        }
        var stored = await secrets.ReadAsync(Namespace, secret, key, cancellationToken);
        if (stored.Value is not { } value)
        {
            return stored.Problem;
        }
        if (value.Length == 0)
        {
            return $"the key '{key}' of Secret '{secret}' is empty: a password (or its Argon2id hash) is needed";
        }
        // A hash is recognised by its prefix whatever the key is called; a key called passwordHash must hold one.
        var text = System.Text.Encoding.UTF8.GetString(value);
        if (Argon2idHash.IsHash(value) || key == PasswordHashKey)
        {
            return Argon2idHash.TryParse(text, out _, out var problem) ? null : $"the key '{key}' of Secret '{secret}': {problem}";
        }
        return null;
    }
}
