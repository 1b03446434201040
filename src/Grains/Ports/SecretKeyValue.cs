namespace Dtaas.Grains.Ports;

/// <summary>The bytes of a Secret's key, or why there are none (the Secret or the key is missing), in words for a <c>message</c>.</summary>
public sealed record SecretKeyValue(byte[]? Value, string? Problem)
{
    public static SecretKeyValue Found(byte[] value) => new(value, null);

    public static SecretKeyValue Missing(string problem) => new(null, problem);
}
