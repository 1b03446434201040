using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Dtaas.EndToEnd.Tests.Browser;
using Dtaas.EndToEnd.Tests.Topology;
using OpenQA.Selenium;
using Xunit.Abstractions;
using static Dtaas.EndToEnd.Tests.ApiUsers;

namespace Dtaas.EndToEnd.Tests;

/// <summary>
/// The console at /console/ in headless chromium, on node1 of three federated silos with node0's mydtapp: a wrong
/// password is a message, bob sees the domain's three nodes and their edges, follows the app's link to the app, sees a
/// partitioned node's edge turn disconnected without a reload, sees a model shared with him by carol's trust and sees it
/// go (without a reload) when carol removes him from her console on node2; a session ended behind the page's back sends it to the login page.
/// Screenshots of each page go to TestResults/console-screenshots.
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class ConsoleBrowserTests(AppFixture fixture, ITestOutputHelper output) : IClassFixture<AppFixture>
{
    private static readonly TimeSpan LiveBound = TimeSpan.FromSeconds(10);

    [BrowserFact]
    public async Task Bob_sees_the_domain_follows_the_app_link_and_sees_a_partitioned_node_turn_disconnected_without_a_reload()
    {
        BrowserFactAttribute.RequirePrerequisites();
        var (node0, node1, node2) = (fixture.Topology[0], fixture.Topology[1], fixture.Topology[2]);
        using var _ = await UserAsync(node1, "bob", "builder-pw");
        await using var browser = ConsoleBrowser.Open(node1);
        var driver = browser.Driver;
        browser.Open();

        browser.SignIn("bob", "not-his-password");
        browser.Until(d => d.FindElement(By.Id("login-error")).Text == "wrong username or password", LiveBound, "the wrong password's message");
        Assert.False(driver.FindElement(By.Id("main")).Displayed);
        browser.Screenshot("login-wrong-password");

        browser.SignIn("bob", "builder-pw");
        browser.Until(d => d.FindElement(By.Id("main")).Displayed, LiveBound, "the console after signing in");
        Assert.Equal($"bob@{node1.NodeName}", driver.FindElement(By.Id("user")).Text);
        string Edge(NetnsSilo to) => $"svg[data-domain='{FederationFixture.Domain}'] line[data-from='{node1.NodeName}'][data-to='{to.NodeName}']";
        browser.Until(d => d.FindElements(By.CssSelector($"{Edge(node0)}[data-connected='true'], {Edge(node2)}[data-connected='true']")).Count == 2,
            LiveBound, "node1's connected edges to node0 and node2");
        var vertices = driver.FindElements(By.CssSelector($"svg[data-domain='{FederationFixture.Domain}'] g.vertex")).ToDictionary(v => v.GetDomAttribute("data-node") ?? "", v => v.GetDomAttribute("class") ?? "");
        Assert.Equal(new[] { node0.NodeName, node1.NodeName, node2.NodeName }, vertices.Keys.Order().ToArray());
        Assert.Contains("creator", vertices[node0.NodeName]);
        Assert.Contains("self", vertices[node1.NodeName]);
        // The same for screen readers: a list of the members with their state.
        Assert.Contains("connected", driver.FindElement(By.CssSelector($"ul.domain-list li[data-peer='{node2.NodeName}']")).Text);
        browser.Screenshot("domains");

        browser.ShowPage("apps");
        var link = driver.FindElement(By.CssSelector("tr[data-app='mydtapp'] a"));
        Assert.Equal($"https://{fixture.AppId}.{node1.NodeName}/", link.GetDomProperty("href"));
        Assert.Equal(node0.NodeName, driver.FindElement(By.CssSelector("tr[data-app='mydtapp'] td:nth-child(3)")).Text);
        browser.Screenshot("apps");
        link.Click();
        browser.Until(d => new Uri(d.Url).Host == $"{fixture.AppId}.{node1.NodeName}", LiveBound, "the app's URI after following the link");
        // The app (the seed's example-service on node0) answers through node1's gateway: its echo of the request.
        driver.Navigate().GoToUrl(new Uri(new Uri(driver.Url), "echo/from-the-console"));
        browser.Until(d => d.PageSource.Contains("\"path\":\"/echo/from-the-console\"", StringComparison.Ordinal), LiveBound, "the app's page");

        browser.Open();
        browser.Until(d => d.FindElements(By.CssSelector($"{Edge(node2)}[data-connected='true']")).Count == 1, LiveBound, "node2's connected edge again");
        try
        {
            await fixture.Topology.SetLinkAsync(node2, "down");
            var lost = browser.Until(d => d.FindElements(By.CssSelector($"{Edge(node2)}[data-connected='false']")).Count == 1, LiveBound,
                "node2's edge disconnected");
            output.WriteLine($"node2's edge showed disconnected {lost.TotalSeconds:0.0} s after its link went down");
            Assert.Contains("disconnected", driver.FindElement(By.CssSelector($"ul.domain-list li[data-peer='{node2.NodeName}']")).Text);
            Assert.Single(driver.FindElements(By.CssSelector($"{Edge(node0)}[data-connected='true']")));
            browser.Screenshot("domains-node2-partitioned");
        }
        finally
        {
            await fixture.Topology.SetLinkAsync(node2, "up");
        }
        var back = browser.Until(d => d.FindElements(By.CssSelector($"{Edge(node2)}[data-connected='true']")).Count == 1, TimeSpan.FromSeconds(30),
            "node2's edge connected again");
        output.WriteLine($"node2's edge showed connected again {back.TotalSeconds:0.0} s after its link came back");

        browser.ShowPage("events");
        browser.Until(d => d.FindElements(By.CssSelector("#events tbody tr")).Count > 0, LiveBound, "the latest events");
        browser.Screenshot("events");
        browser.ShowPage("networks");
        browser.Screenshot("networks");
    }

    [BrowserFact]
    public async Task A_member_removed_from_a_trust_in_the_trustees_console_sees_the_object_go_without_a_reload_and_an_ended_session_goes_back_to_the_login_page()
    {
        BrowserFactAttribute.RequirePrerequisites();
        var (node0, node1, node2) = (fixture.Topology[0], fixture.Topology[1], fixture.Topology[2]);
        using var alice = await UserAsync(node0, "alice", "wonderland-pw");
        using var bob = await UserAsync(node1, "bobby", "builder-pw");
        using var carol = await UserAsync(node2, "carol", "singer-pw");
        var model = (await SendAsync(alice, HttpMethod.Post, node0, "/v1/models", """{"name":"churn","serviceSelector":{"name":"churn-svc","port":8080}}""",
            HttpStatusCode.Created))["id"]!.GetValue<string>();
        await SendAsync(alice, HttpMethod.Post, node0, $"/v1/objects/{model}/grants",
            $$"""{"principal":"carol@{{node2.NodeName}}","capabilities":["DISCOVER","READ","REQUEST","MANAGE"]}""");
        var trust = (await SendAsync(carol, HttpMethod.Post, node2, "/v1/trusts", """{"name":"churn-sharing"}""", HttpStatusCode.Created))["id"]!.GetValue<string>();
        await SendAsync(carol, HttpMethod.Post, node2, $"/v1/trusts/{trust}/members", $$"""{"principal":"bobby@{{node1.NodeName}}","role":"member"}""");
        await SendAsync(carol, HttpMethod.Post, node2, $"/v1/trusts/{trust}/objects",
            $$"""{"id":"{{model}}","node":"{{node0.NodeName}}","capabilities":["DISCOVER","READ","REQUEST"]}""");

        await using var browser = ConsoleBrowser.Open(node1);
        var driver = browser.Driver;
        browser.Open();
        browser.SignIn("bobby", "builder-pw");
        browser.Until(d => d.FindElement(By.Id("main")).Displayed, LiveBound, "the console after signing in");
        browser.ShowPage("trusts");
        browser.Until(d => d.FindElements(By.CssSelector($"div[data-trust='{trust}'] li[data-object='{model}']")).Count == 1, LiveBound,
            "carol's trust with the model");
        Assert.Single(driver.FindElements(By.CssSelector($"div[data-trust='{trust}'] li[data-member='bobby@{node1.NodeName}']")));
        browser.Screenshot("trusts");
        browser.ShowPage("apps");
        browser.Until(d => d.FindElements(By.CssSelector($"tr[data-servable='{model}']")).Count == 1, LiveBound, "the shared model among bob's servables");
        Assert.Contains("REQUEST", driver.FindElement(By.CssSelector($"tr[data-servable='{model}']")).Text);
        browser.Screenshot("apps-servables");

        // carol removes bob from her console on node2 (a write with the session's CSRF header).
        await using (var carols = ConsoleBrowser.Open(node2))
        {
            carols.Open();
            carols.SignIn("carol", "singer-pw");
            carols.Until(d => d.FindElement(By.Id("main")).Displayed, LiveBound, "carol's console after signing in");
            carols.ShowPage("trusts");
            var remove = $"div[data-trust='{trust}'] button.remove-member[data-member='bobby@{node1.NodeName}']";
            carols.Until(d => d.FindElements(By.CssSelector(remove)).Count == 1, LiveBound, "bob in carol's trust");
            carols.Driver.FindElement(By.CssSelector(remove)).Click();
            carols.Until(d => d.FindElement(By.Id("trust-status")).Text == "Saved: churn-sharing", LiveBound, "carol's change saved");
            carols.Until(d => d.FindElements(By.CssSelector(remove)).Count == 0, LiveBound, "bob gone from carol's trust");
            carols.Screenshot("trusts-carol-removed-bob");
        }
        var gone = browser.Until(d => d.FindElements(By.CssSelector($"tr[data-servable='{model}']")).Count == 0, LiveBound, "the model gone from bob's servables");
        output.WriteLine($"the model left bob's console {gone.TotalSeconds:0.0} s after carol removed him");
        browser.ShowPage("trusts");
        browser.Until(d => d.FindElements(By.CssSelector($"div[data-trust='{trust}']")).Count == 0, LiveBound, "carol's trust gone from bob's trusts");

        // The session is the /v1 token: ending it through the API sends the open page back to the login page.
        using var api = node1.CreateHttpClient();
        using var logout = new HttpRequestMessage(HttpMethod.Post, new Uri(node1.LocalGatewayUrl, "v1/logout"));
        logout.Headers.Authorization = new AuthenticationHeaderValue("Bearer", browser.SessionToken);
        using (var ended = await api.SendAsync(logout))
        {
            Assert.Equal(HttpStatusCode.NoContent, ended.StatusCode);
        }
        browser.Until(d => d.FindElement(By.Id("login")).Displayed && d.FindElement(By.Id("login-error")).Text.Contains("expired", StringComparison.Ordinal),
            LiveBound, "the login page after the session ended");
        browser.Screenshot("login-session-expired");
    }

    [BrowserFact]
    public async Task The_console_is_sent_to_HTTPS_beyond_loopback_its_cookie_is_HttpOnly_SameSite_Strict_Secure_and_writes_need_the_sessions_header_from_the_same_origin()
    {
        BrowserFactAttribute.RequirePrerequisites();
        var node1 = fixture.Topology[1];
        using var _ = await UserAsync(node1, "erin", "erin-pw");
        using var handler = GatewayHttp.CreateHandler(node1.Node.Netns, new IPEndPoint(IPAddress.Loopback, NetnsSilo.TlsGatewayPort));
        handler.UseCookies = false;
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        using var https = new HttpClient(handler) { BaseAddress = new Uri($"https://{node1.NodeName}/") };

        // Beyond loopback the plain listener sends the browser to HTTPS before a password can be typed.
        using (var plain = GatewayHttp.CreateClient(node1))
        using (var redirected = await plain.GetAsync(new Uri($"http://{node1.NodeName}:{NetnsSilo.GatewayPort}/console/")))
        {
            Assert.Equal(HttpStatusCode.PermanentRedirect, redirected.StatusCode);
            Assert.Equal($"https://{node1.NodeName}:{NetnsSilo.TlsGatewayPort}/console/", redirected.Headers.Location?.ToString());
        }
        using (var page = await https.GetAsync("console/"))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var policy = page.Headers.GetValues("Content-Security-Policy").Single();
            Assert.Contains("script-src 'self'", policy);
            Assert.DoesNotContain("unsafe-inline", policy);
            Assert.DoesNotContain("<script>", await page.Content.ReadAsStringAsync());
        }
        using var login = await https.PostAsync("console/api/login", new StringContent("""{"username":"erin","password":"erin-pw"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var cookie = login.Headers.GetValues("Set-Cookie").Single();
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/console", cookie, StringComparison.OrdinalIgnoreCase);
        var session = cookie[..cookie.IndexOf(';')];
        var csrf = System.Text.Json.Nodes.JsonNode.Parse(await login.Content.ReadAsStringAsync())!["csrf"]!.GetValue<string>();

        async Task<HttpStatusCode> AddMemberAsync(params (string Name, string Value)[] headers)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "console/api/trusts/no-such-trust/members")
            {
                Content = new StringContent($$"""{"principal":"mallory@{{node1.NodeName}}"}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Cookie", session);
            foreach (var (name, value) in headers)
            {
                request.Headers.Add(name, value);
            }
            using var response = await https.SendAsync(request);
            return response.StatusCode;
        }
        Assert.Equal(HttpStatusCode.Forbidden, await AddMemberAsync());
        Assert.Equal(HttpStatusCode.Forbidden, await AddMemberAsync(("X-Console-Csrf", csrf), ("Origin", "https://evil.example.org")));
        Assert.Equal(HttpStatusCode.Forbidden, await AddMemberAsync(("X-Console-Csrf", csrf[..^2] + "AA")));
        // With the header, the write reaches the trust grains (which know no such trust).
        Assert.Equal(HttpStatusCode.NotFound, await AddMemberAsync(("X-Console-Csrf", csrf)));
        // Without the cookie nothing is done, and a huge body is refused before it is read.
        using var anonymous = await https.GetAsync("console/api/node");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var huge = await https.PostAsync("console/api/login", new StringContent(new string('x', 100_000), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
    }
}
