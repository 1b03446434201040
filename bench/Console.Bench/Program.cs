using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dtaas.EndToEnd.Tests;
using Dtaas.EndToEnd.Tests.Browser;
using Dtaas.Kubernetes.Bench;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

// dotnet bench/Console.Bench/bin/Release/net10.0/Dtaas.Console.Bench.dll [nodes (50)] [rounds (20)]
// A standalone silo with a domain of N nodes (this one and N-1 dtPeers written with kubectl, half connected), a user
// signed in to /console/ in headless chromium; each round loads the page afresh (the session cookie kept) and times
// it until the graph shows every node, and the browser's own first contentful paint.
// Needs kubectl, chromium and chromium-driver; build first: dotnet build bench/Console.Bench -c Release.
int nodes = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50;
int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
const string Domain = "bench";

var fixture = new StandaloneNodeFixture();
Console.WriteLine($"starting a standalone silo, a domain of {nodes} nodes and a user ...");
await fixture.InitializeAsync();
try
{
    var yaml = new StringBuilder($"""
        apiVersion: v1
        kind: Secret
        metadata: {"{"}name: bench-password{"}"}
        stringData: {"{"}password: bench-password-1{"}"}
        ---
        apiVersion: sid.sightlineinnovation.com/v1
        kind: dtUser
        metadata: {"{"}name: bench{"}"}
        spec: {"{"}passwordSecretRef: {"{"}name: bench-password, key: password{"}"}{"}"}
        ---
        apiVersion: sid.sightlineinnovation.com/v1
        kind: dtDomain
        metadata: {"{"}name: {Domain}{"}"}

        """);
    await ApplyAsync(fixture, "bench-domain.yaml", yaml.ToString());
    // The peers after the domain is Ready: a domain coming up clears dtPeers it does not know.
    var ready = Stopwatch.StartNew();
    while ((await fixture.Kubectl.RunAsync("get", "dtdomain", Domain, "-o", "jsonpath={.status}")).Stdout != "Ready")
    {
        if (ready.Elapsed > TimeSpan.FromSeconds(60))
        {
            throw new TimeoutException($"dtDomain {Domain} not Ready");
        }
        await Task.Delay(200);
    }
    yaml.Clear();
    for (var i = 1; i < nodes; i++)
    {
        var id = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i)))[..32];
        yaml.Append(CultureInfo.InvariantCulture, $"""
            ---
            apiVersion: sid.sightlineinnovation.com/v1
            kind: dtPeer
            metadata: {"{"}name: {id}{"}"}
            address: 100.64.{i / 250}.{i % 250 + 2}
            connected: {(i % 2 == 0 ? "true" : "false")}
            dtDomain: {Domain}
            id: {id}
            name: node{i}.example.org
            latency: {i % 7 + 1}.{i % 10}ms

            """);
    }
    await ApplyAsync(fixture, "bench-peers.yaml", yaml.ToString());

    var options = new ChromeOptions { BinaryLocation = BrowserFactAttribute.Chromium };
    options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,960");
    var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(BrowserFactAttribute.ChromeDriver)!, Path.GetFileName(BrowserFactAttribute.ChromeDriver));
    service.SuppressInitialDiagnosticInformation = true;
    using var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    var console = new Uri($"http://127.0.0.1:{fixture.Silo.GatewayPort}/console/");
    driver.Navigate().GoToUrl(console);
    Wait(driver, "return document.getElementById('login').hidden === false", TimeSpan.FromSeconds(30));
    // The user's Ready state takes a moment after kubectl apply: sign in until the console opens.
    var signedIn = Stopwatch.StartNew();
    while (true)
    {
        driver.FindElement(By.Id("username")).Clear();
        driver.FindElement(By.Id("username")).SendKeys("bench");
        driver.FindElement(By.Id("password")).SendKeys("bench-password-1");
        driver.FindElement(By.Id("login-button")).Click();
        if (TryWait(driver, "return document.getElementById('main').hidden === false", TimeSpan.FromSeconds(3)))
        {
            break;
        }
        if (signedIn.Elapsed > TimeSpan.FromSeconds(60))
        {
            throw new TimeoutException("could not sign in: " + driver.FindElement(By.Id("login-error")).Text);
        }
    }
    var graph = $"return document.querySelectorAll(\"svg[data-domain='{Domain}'] g.vertex\").length === {nodes}";
    if (!TryWait(driver, graph, TimeSpan.FromSeconds(30)))
    {
        throw new TimeoutException($"the graph did not show {nodes} nodes: {driver.FindElement(By.Id("domains")).Text}\n{await fixture.Kubectl.RunAsync("get", "dtpeers,dtdomains")}");
    }

    var painted = new List<long>();
    var contentful = new List<double>();
    for (var round = 0; round < rounds; round++)
    {
        driver.Navigate().GoToUrl("about:blank");
        var clock = Stopwatch.StartNew();
        driver.Navigate().GoToUrl(console);
        Wait(driver, graph, TimeSpan.FromSeconds(30));
        painted.Add(clock.ElapsedTicks);
        if (driver.ExecuteScript("const p = performance.getEntriesByName('first-contentful-paint')[0]; return p ? p.startTime : null;") is { } fcpMs)
        {
            contentful.Add(Convert.ToDouble(fcpMs, CultureInfo.InvariantCulture));
        }
    }
    var times = new Latencies(painted);
    var fcp = contentful.Order().ToArray();
    Console.WriteLine($"load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}; {nodes} nodes, {rounds} rounds");
    Console.WriteLine("| measure | p50 ms | p90 ms | p99 ms | max ms |");
    Console.WriteLine("|---|---|---|---|---|");
    Console.WriteLine($"| navigation → graph with every node drawn | {times.Cells} |");
    if (fcp.Length > 0)
    {
        Console.WriteLine($"| first contentful paint (browser) | {fcp[(fcp.Length - 1) / 2]:N1} | {fcp[Math.Min(fcp.Length - 1, (int)Math.Ceiling(0.9 * fcp.Length) - 1)]:N1} | {fcp[^1]:N1} | {fcp[^1]:N1} |");
    }
    driver.Quit();
    return times.Percentile(0.99) < 1000 ? 0 : 1;
}
finally
{
    await fixture.DisposeAsync();
}

static async Task ApplyAsync(StandaloneNodeFixture fixture, string name, string yaml)
{
    var applied = await fixture.Kubectl.RunAsync("apply", "-f", fixture.Manifest(name, yaml));
    if (applied.ExitCode != 0)
    {
        throw new InvalidOperationException($"kubectl apply: {applied}");
    }
}

static bool TryWait(IWebDriver driver, string script, TimeSpan timeout)
{
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed < timeout)
    {
        if (((IJavaScriptExecutor)driver).ExecuteScript(script) is true)
        {
            return true;
        }
        Thread.Sleep(5);
    }
    return false;
}

static void Wait(IWebDriver driver, string script, TimeSpan timeout)
{
    if (!TryWait(driver, script, timeout))
    {
        throw new TimeoutException($"not within {timeout}: {script}");
    }
}
