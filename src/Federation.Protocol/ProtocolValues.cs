using System.Globalization;

namespace Dtaas.Federation.Protocol;

/// <summary>
/// The protocol's text conventions for values the records keep typed: UUIDs in canonical lowercase form. A value that
/// does not parse is the sender's mistake, so it is an <see cref="ArgumentException"/> naming the field (the server
/// answers INVALID_ARGUMENT with it).
/// </summary>
public static class ProtocolValues
{
    public static string Uuid(Guid value) => value.ToString("D", CultureInfo.InvariantCulture);

    public static Guid Uuid(string text, string field) =>
        Guid.TryParseExact(text, "D", out var value)
            ? value
            : throw new ArgumentException($"{field} '{text}' is not a UUID (8-4-4-4-12 hex digits)");
}
