using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace Dtaas.Client;

/// <summary>Which node an Orleans client connects to, and with what credential.</summary>
public sealed record DtaasNodeOptions
{
    /// <summary>The node's client gateway (its <c>--client-listen</c>).</summary>
    public IPEndPoint Endpoint { get; init; } = new(IPAddress.Loopback, 30000);

    /// <summary>The node's id: it names the node's Orleans cluster, which the client gateway checks.</summary>
    public required string NodeId { get; init; }

    /// <summary>The node's client token (<c>&lt;data-dir&gt;/client-token</c>, or the Secret the deployment mounts).</summary>
    public required string Token { get; init; }

    /// <summary>The node's SDK client certificate, which a client gateway beyond loopback requires (TLS); null on loopback.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>The node's SDK authority: the one issuer the client accepts for the client gateway's certificate.</summary>
    public X509Certificate2? Authority { get; init; }

    /// <summary>
    /// These options with the node's SDK certificates from <paramref name="directory"/>: its data directory's <c>sdk/</c>,
    /// or where the Secret <c>dtaas-sdk-certificates</c> is mounted (files <c>ca.crt</c> and <c>client.pfx</c>).
    /// </summary>
    public DtaasNodeOptions WithCertificatesFrom(string directory)
    {
        X509Certificate2 authority, client;
        try
        {
            authority = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(directory, SdkCertificates.AuthorityFile)));
            client = X509CertificateLoader.LoadPkcs12FromFile(Path.Combine(directory, SdkCertificates.ClientFile), password: null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new InvalidOperationException($"cannot read the node's SDK certificates in {directory} ({e.Message})", e);
        }
        // The server's or a silo's certificate would be refused by the client gateway anyway; say so before connecting.
        return SdkCertificates.HasRole(client, SdkCertificateRole.Client)
            ? this with { Authority = authority, ClientCertificate = client }
            : throw new InvalidOperationException($"{SdkCertificates.ClientFile} in {directory} is not a client certificate (its extended key usage is not client authentication alone)");
    }

    /// <summary>
    /// Options for a node whose data directory this process can read: the silo keeps its endpoint and id in
    /// <c>client.json</c> there, the token in <c>client-token</c> and, when its client gateway requires TLS (it listens beyond
    /// loopback; <c>client.json</c> says so), its SDK certificates in <c>sdk/</c> (all readable by the silo's user only).
    /// </summary>
    public static DtaasNodeOptions FromDataDirectory(string dataDirectory)
    {
        var file = Path.Combine(dataDirectory, ClientFile.Name);
        ClientFile? client;
        try
        {
            client = JsonSerializer.Deserialize(File.ReadAllBytes(file), ClientJsonContext.Default.ClientFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new InvalidOperationException($"cannot read {file} ({e.Message}); is a DTaaS silo using {dataDirectory} as its data directory?", e);
        }
        if (client is null || !IPEndPoint.TryParse(client.Endpoint, out var endpoint))
        {
            throw new InvalidOperationException($"{file} names no client endpoint");
        }
        var options = new DtaasNodeOptions
        {
            Endpoint = endpoint,
            NodeId = client.NodeId,
            Token = File.ReadAllText(Path.Combine(dataDirectory, "client-token")).Trim(),
        };
        if (!(client.Tls ?? !IPAddress.IsLoopback(endpoint.Address)))
        {
            return options;
        }
        var certificates = Path.Combine(dataDirectory, "sdk");
        try
        {
            return options.WithCertificatesFrom(certificates);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException($"{file} says the node's client gateway requires TLS, but {e.Message}", e);
        }
    }
}
