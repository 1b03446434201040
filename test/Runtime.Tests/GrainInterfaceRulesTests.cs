using Dtaas.Runtime.Invocation;

namespace Dtaas.Runtime.Tests;

public sealed class GrainInterfaceRulesTests
{
    public interface IReturnsInt : IGrainWithStringKey { int Bad(); }
    public interface IOverloaded : IGrainWithStringKey { Task Do(); Task Do(int x); }
    public interface IRefParam : IGrainWithStringKey { Task Do(ref int x); }

    [Theory]
    [InlineData(typeof(IReturnsInt), "returns Int32")]
    [InlineData(typeof(IOverloaded), "two methods named Do")]
    [InlineData(typeof(IRefParam), "ref and out")]
    public void Broken_grain_interfaces_are_refused_with_the_reason(Type type, string reason)
    {
        var error = Assert.Throws<GrainInterfaceException>(() => new GrainInterfaceRegistry().Get(type));
        Assert.Contains(reason, error.Message);
    }
}
