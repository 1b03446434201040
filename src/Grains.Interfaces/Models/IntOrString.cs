using System.Globalization;
using System.Text.Json.Serialization;

namespace Dtaas.Grains.Interfaces.Models;

/// <summary>Kubernetes IntOrString: a port number or a port name (e.g. <c>targetPort</c>).</summary>
[JsonConverter(typeof(IntOrStringConverter))]
public readonly record struct IntOrString
{
    private IntOrString(int? number, string? name)
    {
        Number = number;
        Name = name;
    }

    /// <summary>The integer value, when this is a number.</summary>
    public int? Number { get; }

    /// <summary>The string value, when this is a name.</summary>
    public string? Name { get; }

    public bool IsNumber => Number.HasValue;

    public static IntOrString FromNumber(int value) => new(value, null);

    public static IntOrString FromName(string value) => new(null, value ?? throw new ArgumentNullException(nameof(value)));

    public static implicit operator IntOrString(int value) => FromNumber(value);

    public static implicit operator IntOrString(string value) => FromName(value);

    public override string ToString() => Number?.ToString(CultureInfo.InvariantCulture) ?? Name ?? "";
}
