namespace Dtaas.Grains.Users;

/// <summary>How long a login token lives (default one hour).</summary>
public sealed record SessionSettings(TimeSpan TokenLifetime)
{
    public static SessionSettings Default { get; } = new(TimeSpan.FromHours(1));
}
