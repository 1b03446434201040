using System.Text.Json;

namespace Dtaas.EndToEnd.Tests;

/// <summary>The dtPeers of one node as kubectl lists them; prints as their JSON, so a failed wait shows what there was.</summary>
public sealed record PeerList(IReadOnlyList<JsonElement> Items)
{
    public int Count => Items.Count;

    /// <summary>The dtPeer named after node <paramref name="nodeId"/>, or null.</summary>
    public JsonElement? For(string nodeId) =>
        Items.Where(peer => peer.GetProperty("metadata").GetProperty("name").GetString() == nodeId).Select(peer => (JsonElement?)peer).FirstOrDefault();

    public bool AllConnected => Items.All(peer => peer.Bool("connected") == true);

    public override string ToString() => Items.Count == 0 ? "(no dtPeers)" : string.Join("\n", Items.Select(peer => peer.ToString()));
}
