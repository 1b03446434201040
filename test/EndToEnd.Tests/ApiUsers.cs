using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Dtaas.EndToEnd.Tests.Topology;

namespace Dtaas.EndToEnd.Tests;

/// <summary>Users of a node's /v1 API as a person drives them: made with kubectl, logged in, calling with their token.</summary>
public static class ApiUsers
{
    /// <summary>Creates a dtUser with its password Secret through kubectl, as the node's admin would, and logs it in.</summary>
    public static async Task<HttpClient> UserAsync(NetnsSilo silo, string name, string password)
    {
        await silo.ApplyManifestAsync($"user-{name}", $"""
            apiVersion: v1
            kind: Secret
            metadata:
              name: {name}-password
            stringData:
              password: {password}
            ---
            apiVersion: sid.sightlineinnovation.com/v1
            kind: dtUser
            metadata:
              name: {name}
            spec:
              passwordSecretRef:
                name: {name}-password
                key: password

            """);
        var http = silo.CreateHttpClient();
        var login = await Eventually.Until(async () =>
        {
            using var response = await http.PostAsync(new Uri(silo.LocalGatewayUrl, "v1/login"),
                new StringContent($$"""{"username":"{{name}}","password":"{{password}}"}""", Encoding.UTF8, "application/json"));
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }, r => r.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30), $"{name} to log in on {silo.NodeName}");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", JsonNode.Parse(login.Body)!["access_token"]!.GetValue<string>());
        return http;
    }

    public static async Task<JsonNode> SendAsync(HttpClient http, HttpMethod method, NetnsSilo silo, string path, string? json = null,
        HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var request = new HttpRequestMessage(method, new Uri(silo.LocalGatewayUrl, path.TrimStart('/')))
        {
            Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"),
        };
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path} on {silo.NodeName}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body.Length == 0 ? "{}" : body)!;
    }

    /// <summary>A GET through <paramref name="gateway"/>'s public gateway, whatever the URI's host, as a user whose DNS sends every name there.</summary>
    public static async Task<(HttpStatusCode Status, string Body)> GetAsync(NetnsSilo gateway, Uri uri, AuthenticationHeaderValue? token,
        params (string Name, string Value)[] headers)
    {
        using var http = GatewayHttp.CreateClient(gateway);
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = token;
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
