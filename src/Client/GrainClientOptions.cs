using System.Text.Json.Serialization.Metadata;

namespace Dtaas.Client;

/// <summary>How a .NET service reaches a DTaaS silo's client endpoint.</summary>
public sealed record GrainClientOptions
{
    /// <summary>The silo's client endpoint (its <c>--client-listen</c>).</summary>
    public Uri Endpoint { get; init; } = new("http://127.0.0.1:30000/");

    /// <summary>The silo's client token (<c>&lt;data-dir&gt;/client-token</c> on the silo's machine).</summary>
    public required string Token { get; init; }

    /// <summary>A call that has not completed after this long fails with a timeout that names the grain and method.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Source-generated JSON contracts for the application's own argument and result types.</summary>
    public IReadOnlyList<IJsonTypeInfoResolver> SerializerContexts { get; init; } = [];

    /// <summary>Options for a silo on this machine, reading the token the silo keeps in its data directory.</summary>
    public static GrainClientOptions FromDataDirectory(string dataDirectory, Uri? endpoint = null) => new()
    {
        Token = File.ReadAllText(Path.Combine(dataDirectory, "client-token")).Trim(),
        Endpoint = endpoint ?? new Uri("http://127.0.0.1:30000/"),
    };
}
