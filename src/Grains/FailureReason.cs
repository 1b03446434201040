using Orleans.Runtime;

namespace Dtaas.Grains;

/// <summary>
/// The reason to show a user for a failure. Orleans wraps what a storage provider throws (the API server being away)
/// in an exception whose message names the provider and grain and carries a stack; the provider's own message is the
/// reason.
/// </summary>
public static class FailureReason
{
    public static string Of(Exception error) => error is OrleansException { InnerException: { } inner } ? Of(inner) : error.Message;
}
