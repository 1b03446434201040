namespace Dtaas.ApiServer;

/// <summary>One field-level validation failure, shaped like apimachinery's field.Error.</summary>
internal sealed record FieldError(string Field, string Reason, string Detail)
{
    public static FieldError Required(string field) => new(field, "FieldValueRequired", "Required value");

    public static FieldError Invalid(string field, string shownValue, string why) =>
        new(field, "FieldValueInvalid", $"Invalid value: {shownValue}: {why}");

    public static FieldError NotSupported(string field, string value, IEnumerable<string> allowed) =>
        new(field, "FieldValueNotSupported",
            $"Unsupported value: \"{value}\": supported values: {string.Join(", ", allowed.Select(a => $"\"{a}\""))}");

    public static FieldError Forbidden(string field, string why) => new(field, "FieldValueForbidden", $"Forbidden: {why}");

    public override string ToString() => $"{Field}: {Detail}";
}
