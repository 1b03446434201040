namespace Dtaas.Runtime;

/// <summary>Identity of a grain: its interface's wire name and its string key.</summary>
public readonly record struct GrainId(string Interface, string Key)
{
    public override string ToString() => $"{Interface}/{Key}";
}
