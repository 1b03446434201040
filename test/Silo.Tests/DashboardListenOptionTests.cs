using Dtaas.Silo.Options;

namespace Dtaas.Silo.Tests;

public sealed class DashboardListenOptionTests
{
    private static SiloOptions Parse(string[] args, Dictionary<string, string>? environment = null) =>
        SiloOptionsParser.Parse(args, name => environment?.GetValueOrDefault(name), TextWriter.Null)!;

    [Fact]
    public void The_dashboard_is_on_loopback_by_default_and_an_empty_flag_or_environment_variable_turns_it_off()
    {
        Assert.Equal("127.0.0.1:9465", Parse([]).DashboardListen);
        Assert.Equal("127.0.0.1:0", Parse(["--dashboard-listen", "127.0.0.1:0"]).DashboardListen);
        Assert.Equal("", Parse(["--dashboard-listen", ""]).DashboardListen);
        Assert.Equal("", Parse([], new Dictionary<string, string> { ["DTAAS_DASHBOARD_LISTEN"] = "" }).DashboardListen);
    }
}
