using Dtaas.Silo.Options;

namespace Dtaas.Silo.Tests;

public sealed class SiloOptionsParserTests
{
    private static SiloOptions Parse(string[] args, Dictionary<string, string>? environment = null) =>
        SiloOptionsParser.Parse(args, name => environment?.GetValueOrDefault(name), TextWriter.Null)!;

    [Fact]
    public void Flags_override_environment_which_overrides_defaults()
    {
        var env = new Dictionary<string, string> { ["DTAAS_NODE_NAME"] = "from-env", ["DTAAS_DATA_DIR"] = "/env/dir" };
        var options = Parse(["--node-name", "from-flag", "--client-listen=127.0.0.1:1234"], env);

        Assert.Equal("from-flag", options.NodeName);
        Assert.Equal("/env/dir", options.DataDirectory);
        Assert.Equal("127.0.0.1:1234", options.ClientListen);
        Assert.Equal(new SiloOptions().GatewayListen, options.GatewayListen);
    }

    [Theory]
    [InlineData(new[] { "--nope", "x" }, "Unknown option --nope")]
    [InlineData(new[] { "--node-name" }, "--node-name needs a value")]
    [InlineData(new[] { "stray" }, "Unexpected argument 'stray'")]
    public void Bad_flags_are_refused_with_the_reason(string[] args, string reason)
    {
        var error = Assert.Throws<ArgumentException>(() => Parse(args));
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Help_lists_every_option_with_its_environment_variable()
    {
        var output = new StringWriter();
        Assert.Null(SiloOptionsParser.Parse(["--help"], _ => null, output));
        Assert.Contains("--gateway-listen", output.ToString());
        Assert.Contains("DTAAS_CLIENT_LISTEN", output.ToString());
    }

    [Fact]
    public void The_tls_gateway_is_on_by_default_and_an_empty_flag_or_environment_variable_turns_it_off()
    {
        Assert.Equal("0.0.0.0:8443", Parse([]).GatewayTlsListen);
        Assert.Equal("", Parse(["--gateway-tls-listen", ""]).GatewayTlsListen);
        Assert.Equal("", Parse([], new Dictionary<string, string> { ["DTAAS_GATEWAY_TLS_LISTEN"] = "" }).GatewayTlsListen);
        // Other options ignore an empty variable, as before.
        Assert.Equal(new SiloOptions().NodeName, Parse([], new Dictionary<string, string> { ["DTAAS_NODE_NAME"] = "" }).NodeName);
    }
}
