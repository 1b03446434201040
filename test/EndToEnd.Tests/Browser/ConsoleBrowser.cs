using System.Diagnostics;
using System.Net;
using Dtaas.EndToEnd.Tests.Topology;
using Dtaas.TestSupport;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace Dtaas.EndToEnd.Tests.Browser;

/// <summary>
/// Headless chromium on one node's console, as a user on that node's host: the console through a relay to the plain
/// gateway (a loopback peer may sign in over HTTP), and every <c>*.example.org</c> name (dtApp URIs) to the node's TLS
/// gateway, whose self-signed certificate the browser accepts. Screenshots go to <see cref="ScreenshotDirectory"/>.
/// </summary>
public sealed class ConsoleBrowser : IAsyncDisposable
{
    public static string ScreenshotDirectory { get; } = Path.Combine(RepositoryRoot.Path, "TestResults", "console-screenshots");

    private readonly NamespaceRelay _plain;
    private readonly NamespaceRelay _tls;

    private ConsoleBrowser(NamespaceRelay plain, NamespaceRelay tls, ChromeDriver driver)
    {
        _plain = plain;
        _tls = tls;
        Driver = driver;
    }

    public ChromeDriver Driver { get; }

    public Uri ConsoleUrl => new($"http://127.0.0.1:{_plain.Port}/console/");

    public static ConsoleBrowser Open(NetnsSilo silo)
    {
        var plain = NamespaceRelay.Start(silo.Node.Netns, new IPEndPoint(IPAddress.Loopback, NetnsSilo.GatewayPort));
        var tls = NamespaceRelay.Start(silo.Node.Netns, new IPEndPoint(IPAddress.Loopback, NetnsSilo.TlsGatewayPort));
        var options = new ChromeOptions { BinaryLocation = BrowserFactAttribute.Chromium };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,960",
            $"--host-rules=MAP *.example.org 127.0.0.1:{tls.Port}", "--ignore-certificate-errors");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(BrowserFactAttribute.ChromeDriver)!, Path.GetFileName(BrowserFactAttribute.ChromeDriver));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        return new ConsoleBrowser(plain, tls, driver);
    }

    public void Open() => Driver.Navigate().GoToUrl(ConsoleUrl);

    public void SignIn(string username, string password)
    {
        Until(d => d.FindElement(By.Id("login")).Displayed, TimeSpan.FromSeconds(15), "the login page");
        var user = Driver.FindElement(By.Id("username"));
        user.Clear();
        user.SendKeys(username);
        Driver.FindElement(By.Id("password")).SendKeys(password);
        Driver.FindElement(By.Id("login-button")).Click();
    }

    public void ShowPage(string page) => Driver.FindElement(By.CssSelector($"nav a[data-page='{page}']")).Click();

    /// <summary>The page's session cookie: the /v1 token it maps to (HttpOnly: the page's script cannot read it, the driver can).</summary>
    public string SessionToken => Driver.Manage().Cookies.GetCookieNamed("dtaas_console")?.Value
        ?? throw new InvalidOperationException("no console session cookie");

    /// <summary>Polls the page (a re-render may replace what was found) until <paramref name="done"/>; returns how long it took.</summary>
    public TimeSpan Until(Func<IWebDriver, bool> done, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        Exception? last = null;
        while (clock.Elapsed < timeout)
        {
            try
            {
                if (done(Driver))
                {
                    return clock.Elapsed;
                }
            }
            catch (Exception e) when (e is NoSuchElementException or StaleElementReferenceException)
            {
                last = e;
            }
            Thread.Sleep(100);
        }
        Screenshot($"timeout-{string.Concat(what.Where(char.IsLetterOrDigit))}");
        throw new TimeoutException($"{what} not seen within {timeout} on {Driver.Url}{(last is null ? "" : $" ({last.Message})")}");
    }

    public string Screenshot(string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        var path = Path.Combine(ScreenshotDirectory, $"{name}.png");
        Driver.GetScreenshot().SaveAsFile(path);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        Driver.Quit();
        Driver.Dispose();
        await _plain.DisposeAsync();
        await _tls.DisposeAsync();
    }
}
