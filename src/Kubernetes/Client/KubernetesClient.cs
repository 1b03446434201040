using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Dtaas.Grains.Interfaces.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dtaas.Kubernetes.Client;

/// <summary>
/// The Kubernetes API over HTTP/2 (HTTP/1.1 where the server offers only that). One instance per
/// cluster: it owns a connection pool, and many watches share its HTTP/2 connections.
/// </summary>
public sealed partial class KubernetesClient : IKubernetesClient, IDisposable
{
    private const int MaxErrorBodyChars = 4096;

    private readonly HttpClient _http;
    private readonly string _baseUrl;
    private readonly BearerTokenSource _tokens;
    private readonly TimeSpan _requestTimeout;
    private readonly ILogger _logger;

    /// <param name="handler">The HTTP stack to use instead of one built from the configuration's TLS settings (tests, proxies).</param>
    public KubernetesClient(
        KubernetesClientConfiguration configuration,
        ILoggerFactory? loggerFactory = null,
        HttpMessageHandler? handler = null,
        TimeProvider? timeProvider = null)
    {
        _http = new HttpClient(handler ?? CreateHandler(configuration), disposeHandler: handler is null)
        {
            // Watches last indefinitely; every other request gets RequestTimeout through its token.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _baseUrl = configuration.Host.AbsoluteUri.TrimEnd('/');
        _tokens = new BearerTokenSource(configuration.AccessToken, configuration.TokenFile, timeProvider ?? TimeProvider.System);
        _requestTimeout = configuration.RequestTimeout;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<KubernetesClient>();
        DefaultNamespace = configuration.Namespace ?? "default";
    }

    public string DefaultNamespace { get; }

    public Task<T> GetAsync<T>(string name, string? @namespace, CancellationToken cancellationToken = default)
        where T : class, IKubernetesResource<T> =>
        SendAsync(HttpMethod.Get, T.ResourceKind.ObjectPath(name, @namespace), content: null, T.JsonTypeInfo, cancellationToken);

    public Task<KubernetesList<T>> ListAsync<T>(string? @namespace, ListOptions? options = null, CancellationToken cancellationToken = default)
        where T : class, IKubernetesResource<T> =>
        SendAsync(HttpMethod.Get, T.ResourceKind.CollectionPath(@namespace) + Query(options, watch: false), content: null, T.ListJsonTypeInfo, cancellationToken);

    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(
        string? @namespace,
        ListOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where T : class, IKubernetesResource<T>
    {
        var path = T.ResourceKind.CollectionPath(@namespace) + Query(options, watch: true);
        using var request = await CreateRequestAsync(HttpMethod.Get, path, content: null, cancellationToken).ConfigureAwait(false);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        LogResponse(request.Method, path, (int)response.StatusCode, response.Version, 0);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        // The API server writes one JSON event per line and flushes after each.
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var wire = JsonSerializer.Deserialize(line, KubernetesJsonContext.Default.WatchEventJsonElement)
                ?? throw new JsonException("A watch event line held null.");
            if (wire.Type == WatchEventType.Error)
            {
                var status = wire.Object.Deserialize(KubernetesJsonContext.Default.V1Status);
                var code = (HttpStatusCode)(status?.Code ?? (int)HttpStatusCode.InternalServerError);
                throw KubernetesApiException.Create(code, status?.Message ?? $"The watch of {path} failed.", status);
            }

            var obj = wire.Object.Deserialize(T.JsonTypeInfo) ?? throw new JsonException($"A {wire.Type} watch event carried no object.");
            yield return new WatchEvent<T>(wire.Type, obj);
        }

        LogWatchClosed(path);
    }

    public Task<T> CreateAsync<T>(T obj, CancellationToken cancellationToken = default)
        where T : class, IKubernetesResource<T> =>
        SendAsync(HttpMethod.Post, T.ResourceKind.CollectionPath(NamespaceOf(obj)), JsonContent(obj, T.JsonTypeInfo), T.JsonTypeInfo, cancellationToken);

    public Task<T> UpdateAsync<T>(T obj, CancellationToken cancellationToken = default)
        where T : class, IKubernetesResource<T>
    {
        var name = obj.Metadata.Name ?? throw new ArgumentException("An update needs metadata.name.", nameof(obj));
        return SendAsync(HttpMethod.Put, T.ResourceKind.ObjectPath(name, NamespaceOf(obj)), JsonContent(obj, T.JsonTypeInfo), T.JsonTypeInfo, cancellationToken);
    }

    public Task<T> PatchAsync<T>(string name, string? @namespace, KubernetesPatch patch, CancellationToken cancellationToken = default)
        where T : class, IKubernetesResource<T>
    {
        var content = new StringContent(patch.Body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(patch.ContentType);
        return SendAsync(HttpMethod.Patch, T.ResourceKind.ObjectPath(name, @namespace), content, T.JsonTypeInfo, cancellationToken);
    }

    public Task DeleteAsync<T>(string name, string? @namespace, V1DeleteOptions? options = null, CancellationToken cancellationToken = default)
        where T : class, IKubernetesResource<T> =>
        // The body is a Status or the object (still finalizing); neither is needed by callers.
        SendAsync(
            HttpMethod.Delete,
            T.ResourceKind.ObjectPath(name, @namespace),
            options is null ? null : JsonContent(options, KubernetesJsonContext.Default.V1DeleteOptions),
            KubernetesJsonContext.Default.JsonElement,
            cancellationToken);

    public void Dispose() => _http.Dispose();

    private static string? NamespaceOf(IKubernetesObject obj) => obj.Metadata.Namespace;

    private async Task<TResult> SendAsync<TResult>(
        HttpMethod method,
        string path,
        HttpContent? content,
        JsonTypeInfo<TResult> resultType,
        CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_requestTimeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var request = await CreateRequestAsync(method, path, content, timeout.Token).ConfigureAwait(false);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            LogResponse(method, path, (int)response.StatusCode, response.Version, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            await EnsureSuccessAsync(response, timeout.Token).ConfigureAwait(false);
            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            return await JsonSerializer.DeserializeAsync(body, resultType, timeout.Token).ConfigureAwait(false)
                ?? throw new JsonException($"{method} {path} answered with an empty body.");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{method} {path} got no answer within {_requestTimeout.TotalSeconds:0.#} s.");
        }
    }

    private async Task<HttpRequestMessage> CreateRequestAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        // HTTP/2 where TLS negotiates it (many watches share a connection); HTTP/1.1 otherwise.
        var request = new HttpRequestMessage(method, _baseUrl + path)
        {
            Content = content,
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (await _tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false) is { Length: > 0 } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }

    /// <summary>Turns an error response into the exception for its code, with the server's Status message.</summary>
    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        V1Status? status = null;
        try
        {
            status = JsonSerializer.Deserialize(body, KubernetesJsonContext.Default.V1Status);
        }
        catch (JsonException)
        {
            // Not a Status (a proxy's HTML page, plain text): the body itself becomes the message.
        }

        var code = response.StatusCode;
        var message = status is { Kind: "Status", Message.Length: > 0 }
            ? status.Message
            : $"{(int)code} {response.ReasonPhrase}: {(body.Length > MaxErrorBodyChars ? body[..MaxErrorBodyChars] : body)}".TrimEnd(' ', ':');
        throw KubernetesApiException.Create(code, message, status is { Kind: "Status" } ? status : null);
    }

    private static string Query(ListOptions? options, bool watch)
    {
        var parts = new List<string>();
        if (watch)
        {
            parts.Add("watch=true");
            parts.Add("allowWatchBookmarks=true");
        }

        if (options is not null)
        {
            Add("labelSelector", options.LabelSelector);
            Add("fieldSelector", options.FieldSelector);
            Add("resourceVersion", options.ResourceVersion);
            Add("limit", options.Limit?.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Add("continue", options.Continue);
            Add("timeoutSeconds", options.TimeoutSeconds?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);

        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add($"{key}={Uri.EscapeDataString(value)}");
            }
        }
    }

    private static StringContent JsonContent<TValue>(TValue value, JsonTypeInfo<TValue> typeInfo) =>
        new(JsonSerializer.Serialize(value, typeInfo), Encoding.UTF8, "application/json");

    private static SocketsHttpHandler CreateHandler(KubernetesClientConfiguration configuration)
    {
        var handler = new SocketsHttpHandler
        {
            // More than ~100 concurrent watches must not queue behind one connection's stream limit.
            EnableMultipleHttp2Connections = true,
            // A watch on a dead connection would otherwise wait forever for its next line.
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(15),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        };
        if (configuration.ClientCertificate is { } clientCertificate)
        {
            handler.SslOptions.ClientCertificates = new X509CertificateCollection { clientCertificate };
        }

        if (configuration.SkipTlsVerify)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        else if (configuration.CaCertificates is { } authorities)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                ChainsToAuthorities(certificate, errors, authorities);
        }

        return handler;
    }

    /// <summary>Accepts a server certificate that names the host and chains to the kubeconfig's authorities (not the system's).</summary>
    private static bool ChainsToAuthorities(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection authorities)
    {
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.ExtraStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Kubernetes {Method} {Path}: {StatusCode} over HTTP/{HttpVersion} in {ElapsedMs:0.0} ms")]
    private partial void LogResponse(HttpMethod method, string path, int statusCode, Version httpVersion, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Kubernetes watch {Path} closed by the server")]
    private partial void LogWatchClosed(string path);
}
