using System.Globalization;
using Dtaas.EndToEnd.Tests;
using Dtaas.Login.Bench;
using Dtaas.TestSupport;

// dotnet run -c Release --project bench/Login.Bench -- [all|cost|login] [logins (40)] [guessers (8)]
// "login" starts a standalone silo (needs kubectl on PATH; build src/Silo -c Release first).
var what = args.ElementAtOrDefault(0) ?? "all";
if (what is not ("all" or "cost" or "login"))
{
    Console.Error.WriteLine("usage: Dtaas.Login.Bench [all|cost|login] [logins (40)] [guessers (8)]");
    return 2;
}
int logins = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 40;
int guessers = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 8;
Console.WriteLine($"Login bench, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores");
if (what is "all" or "cost")
{
    Argon2CostScenario.Run(logins, Console.Out);
    Console.WriteLine();
}
if (what is "all" or "login")
{
    var root = Path.Combine(Path.GetTempPath(), "dtaas-login-bench-" + Guid.NewGuid().ToString("N")[..8]);
    Directory.CreateDirectory(Path.Combine(root, "home"));
    try
    {
        await using var silo = await SiloProcess.StartAsync(Path.Combine(root, "data"));
        await new LoginScenario(silo, new Kubectl(silo.Kubeconfig, Path.Combine(root, "home")), root).RunAsync(logins, guessers, Console.Out);
    }
    finally
    {
        Directory.Delete(root, recursive: true);
    }
}
return 0;
