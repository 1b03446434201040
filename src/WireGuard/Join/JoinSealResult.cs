using System.Diagnostics.CodeAnalysis;

namespace Dtaas.WireGuard.Join;

/// <summary>What opening a sealed join message gave: the value, or why it was refused. Refusals are expected input, not exceptions.</summary>
public sealed class JoinSealResult<T> where T : class
{
    private JoinSealResult(T? value, JoinSealFailure? failure)
    {
        Value = value;
        Failure = failure;
    }

    public T? Value { get; }

    public JoinSealFailure? Failure { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Failure))]
    public bool Succeeded => Value is not null;

    public static JoinSealResult<T> Success(T value) => new(value, null);

    public static JoinSealResult<T> Fail(JoinSealError error, string message) => new(null, new JoinSealFailure(error, message));

    public override string ToString() => Succeeded ? "opened" : $"{Failure.Error}: {Failure.Message}";
}
