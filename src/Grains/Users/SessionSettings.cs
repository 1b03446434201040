namespace Dtaas.Grains.Users;

/// <summary>
/// How long a login token lives (default one hour), how many live tokens a user may hold (the oldest goes), and how
/// long a look at a user's Secret counts when a token is checked (a password change ends tokens within this time).
/// </summary>
public sealed record SessionSettings(TimeSpan TokenLifetime, int MaxPerUser = 100, TimeSpan? SecretRecheckAfter = null)
{
    public static SessionSettings Default { get; } = new(TimeSpan.FromHours(1));

    public TimeSpan SecretRecheck => SecretRecheckAfter ?? TimeSpan.FromSeconds(1);
}
