using System.Text.RegularExpressions;
using Dtaas.Grains.Interfaces.Models;

namespace Dtaas.Grains.Objects;

/// <summary>DTaaS ids: 32 lowercase hex. An object made on this node takes its uid without dashes, stable for the object's life.</summary>
public static partial class ObjectIds
{
    public static bool IsId(string? text) => text is not null && IdPattern().IsMatch(text);

    /// <summary>The id an object keeps: the one it has when well formed (ids never change once given), else its uid's.</summary>
    public static string? Of(ObjectMeta metadata, string? current) =>
        IsId(current) ? current : Guid.TryParse(metadata.Uid, out var uid) ? uid.ToString("N") : null;

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex IdPattern();
}
