using Dtaas.Grains.Interfaces.Models;

namespace Dtaas.Grains.Ports;

/// <summary>One key of a Secret as read, or which of the two is missing.</summary>
public static class SecretKeys
{
    public static SecretKeyValue Of(V1Secret? found, string secret, string key) =>
        found is null ? SecretKeyValue.Missing($"Secret '{secret}' not found (spec.passwordSecretRef.name)")
        : found.Data?.GetValueOrDefault(key) is { } value ? SecretKeyValue.Found(value, VersionOf(found))
        : found.StringData?.GetValueOrDefault(key) is { } text ? SecretKeyValue.Found(System.Text.Encoding.UTF8.GetBytes(text), VersionOf(found))
        : SecretKeyValue.Missing($"Secret '{secret}' has no key '{key}' (spec.passwordSecretRef.key)");

    private static string VersionOf(V1Secret found) => $"{found.Metadata?.Uid}/{found.Metadata?.ResourceVersion}";
}
