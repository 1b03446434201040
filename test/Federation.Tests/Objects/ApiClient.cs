using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Dtaas.Federation.Tests.Objects;

/// <summary>An HTTP client of one node's /v1 API, logged in as one user (or not at all).</summary>
public sealed class ApiClient(Uri gateway, string? token = null) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = gateway };

    public string? Token => token;

    public static async Task<ApiClient> LoginAsync(Uri gateway, string username, string password)
    {
        using var anonymous = new ApiClient(gateway);
        var (status, body) = await anonymous.SendAsync(HttpMethod.Post, "/v1/login", $$"""{"username":"{{username}}","password":"{{password}}"}""");
        Assert.True(status == HttpStatusCode.OK, $"login of {username}: {status} {body}");
        return new ApiClient(gateway, body!["access_token"]!.GetValue<string>());
    }

    public async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, string? json = null,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (text.Length > 0)
        {
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        }
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public Task<(HttpStatusCode Status, JsonNode? Body)> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public void Dispose() => _http.Dispose();
}
