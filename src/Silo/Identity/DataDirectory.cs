using Dtaas.ApiServer;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dtaas.Silo.Identity;

/// <summary>
/// The silo's data directory: what must survive restarts. It and every file in it are owner-only (<see cref="PrivateFiles"/>),
/// and files are written to a temporary name then renamed so a crash never leaves half a file.
/// </summary>
public sealed class DataDirectory
{
    public DataDirectory(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        // Owner-only whatever existed before (a directory made by hand, files of an older version): it holds the
        // node's private key, the tokens and, standalone, every Secret.
        PrivateFiles.Secure(Path);
    }

    public string Path { get; }

    public string ClientTokenPath => System.IO.Path.Combine(Path, "client-token");

    /// <summary>
    /// The node's identity kept in <c>node.json</c>: loaded when it exists, otherwise created. The name follows the
    /// options. A damaged file is an error, never a silent new identity (members know this node by its key).
    /// </summary>
    public NodeIdentity LoadOrCreateIdentity(string nodeName)
    {
        var file = System.IO.Path.Combine(Path, "node.json");
        if (!File.Exists(file))
        {
            var created = NodeIdentity.CreateNew(nodeName);
            WriteSecret(file, JsonSerializer.SerializeToUtf8Bytes(new StoredNode(created.Id, nodeName, created.Keys.PrivateKey.ToBase64()), SiloJsonContext.Default.StoredNode));
            return created;
        }
        StoredNode? stored;
        try
        {
            stored = JsonSerializer.Deserialize(File.ReadAllBytes(file), SiloJsonContext.Default.StoredNode);
        }
        catch (JsonException e)
        {
            throw new IOException($"{file} is damaged ({e.Message}); restore it from a backup, or remove it to give this node a new identity.", e);
        }
        var identity = NodeIdentity.Restore(stored?.Id, stored?.PrivateKey, nodeName, file);
        if (stored!.Name != nodeName)
        {
            WriteSecret(file, JsonSerializer.SerializeToUtf8Bytes(stored with { Name = nodeName }, SiloJsonContext.Default.StoredNode));
        }
        return identity;
    }

    /// <summary>The client endpoint's token: the given one, else the kept one, else a new random one (then kept).</summary>
    public string LoadOrCreateClientToken(string? given)
    {
        if (given is { Length: > 0 })
        {
            return given;
        }
        if (File.Exists(ClientTokenPath) && File.ReadAllText(ClientTokenPath).Trim() is { Length: > 0 } kept)
        {
            return kept;
        }
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        WriteSecret(ClientTokenPath, System.Text.Encoding.UTF8.GetBytes(token + "\n"));
        return token;
    }

    /// <summary>Tells SDK clients on this machine where the gateway is and which node it is (<see cref="Dtaas.Client.DtaasNodeOptions.FromDataDirectory"/>).</summary>
    public void WriteClientFile(Dtaas.Client.ClientFile client) =>
        WriteSecret(System.IO.Path.Combine(Path, Dtaas.Client.ClientFile.Name), JsonSerializer.SerializeToUtf8Bytes(client, Dtaas.Client.ClientJsonContext.Default.ClientFile));

    internal static void WriteSecret(string file, byte[] content) => PrivateFiles.Write(file, content);
}

internal sealed record StoredNode(string Id, string Name, string PrivateKey);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(StoredNode))]
internal sealed partial class SiloJsonContext : JsonSerializerContext;
