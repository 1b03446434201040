using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Dtaas.Grains.Interfaces.Models;
using k8s;
using k8s.Autorest;
using LibraryDeleteOptions = k8s.Models.V1DeleteOptions;
using LibraryPatch = k8s.Models.V1Patch;

namespace Dtaas.Kubernetes.Access;

/// <summary>
/// <see cref="IKubernetesClient"/> over the official client (KubernetesClient): every request is the library's
/// generic custom-object call (it maps the core group to <c>/api/v1</c>), so one code path serves the dt kinds and
/// the core kinds alike. Bodies are the project's models, (de)serialized with their source-generated JSON contexts;
/// the library's errors become <see cref="KubernetesApiException"/>s carrying the server's Status message.
/// </summary>
public sealed class KubernetesApiClient : IKubernetesClient, IDisposable
{
    private readonly k8s.Kubernetes _api;

    /// <param name="api">The library's client; this instance owns and disposes it.</param>
    /// <param name="defaultNamespace">The configuration's namespace (kubeconfig context or the pod's).</param>
    private KubernetesApiClient(k8s.Kubernetes api, string? defaultNamespace)
    {
        _api = api;
        // A pod's namespace file is read as it is, a trailing newline included.
        DefaultNamespace = string.IsNullOrWhiteSpace(defaultNamespace) ? "default" : defaultNamespace.Trim();
    }

    public string DefaultNamespace { get; }

    /// <summary>The library's client, for its typed APIs (the leader's Lease) and its base address.</summary>
    public k8s.Kubernetes Api => _api;

    /// <summary>The cluster (or standalone API) a kubeconfig file names, in its current context.</summary>
    public static KubernetesApiClient FromKubeconfig(string path) =>
        Create(KubernetesClientConfiguration.BuildConfigFromConfigFile(path));

    /// <summary>The cluster this process runs in (service-account token, CA and namespace of the pod).</summary>
    public static KubernetesApiClient InCluster() => Create(KubernetesClientConfiguration.InClusterConfig());

    /// <summary>A client for <paramref name="configuration"/>, with the connection settings long-lived watches need (after the configuration's own handler setup).</summary>
    /// <param name="requestTimeout">How long a request other than a watch may take; <see cref="DefaultRequestTimeout"/> if null.</param>
    public static KubernetesApiClient Create(KubernetesClientConfiguration configuration, TimeSpan? requestTimeout = null)
    {
        configuration.HttpClientTimeout = requestTimeout ?? DefaultRequestTimeout;
        var callersSetup = configuration.FirstMessageHandlerSetup;
        configuration.FirstMessageHandlerSetup = handler =>
        {
            callersSetup?.Invoke(handler);
            if (handler is SocketsHttpHandler sockets)
            {
                // A watch on a dead connection would otherwise wait for its next line until the library's 3-minute ping.
                sockets.KeepAlivePingDelay = TimeSpan.FromSeconds(30);
                sockets.KeepAlivePingTimeout = TimeSpan.FromSeconds(15);
                sockets.KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always;
            }
        };
        return new KubernetesApiClient(new k8s.Kubernetes(configuration), configuration.Namespace);
    }

    public static TimeSpan DefaultRequestTimeout { get; } = TimeSpan.FromSeconds(30);

    public Task<T> GetAsync<T>(string name, string? @namespace, CancellationToken cancellationToken = default)
        where T : class, IKubernetesResource<T>
    {
        var (kind, path) = Scope<T>(@namespace, name);
        return SendAsync(
            ct => @namespace is null
                ? _api.CustomObjects.GetClusterCustomObjectWithHttpMessagesAsync<JsonElement>(kind.Group, kind.Version, kind.Plural, name, cancellationToken: ct)
                : _api.CustomObjects.GetNamespacedCustomObjectWithHttpMessagesAsync<JsonElement>(kind.Group, kind.Version, @namespace, kind.Plural, name, cancellationToken: ct),
            T.JsonTypeInfo,
            $"GET {path}",
            cancellationToken);
    }

    public Task<KubernetesList<T>> ListAsync<T>(string? @namespace, ListOptions? options = null, CancellationToken cancellationToken = default)
        where T : class, IKubernetesResource<T>
    {
        var (kind, path) = Scope<T>(@namespace, name: null);
        var o = options ?? new ListOptions();
        return SendAsync(
            ct => (@namespace, kind.Namespaced) switch
            {
                (null, false) => _api.CustomObjects.ListClusterCustomObjectWithHttpMessagesAsync<JsonElement>(
                    kind.Group, kind.Version, kind.Plural, continueParameter: o.Continue, fieldSelector: o.FieldSelector,
                    labelSelector: o.LabelSelector, limit: o.Limit, resourceVersion: o.ResourceVersion, cancellationToken: ct),
                (null, true) => _api.CustomObjects.ListCustomObjectForAllNamespacesWithHttpMessagesAsync<JsonElement>(
                    kind.Group, kind.Version, kind.Plural, continueParameter: o.Continue, fieldSelector: o.FieldSelector,
                    labelSelector: o.LabelSelector, limit: o.Limit, resourceVersion: o.ResourceVersion, cancellationToken: ct),
                _ => _api.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync<JsonElement>(
                    kind.Group, kind.Version, @namespace, kind.Plural, continueParameter: o.Continue, fieldSelector: o.FieldSelector,
                    labelSelector: o.LabelSelector, limit: o.Limit, resourceVersion: o.ResourceVersion, cancellationToken: ct),
            },
            T.ListJsonTypeInfo,
            $"GET {path}",
            cancellationToken);
    }

    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(
        string? @namespace,
        ListOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where T : class, IKubernetesResource<T>
    {
        var (kind, _) = Scope<T>(@namespace, name: null);
        var o = options ?? new ListOptions();
        // The library reports an ERROR event (e.g. 410 Expired) through onError and keeps reading; the server closes
        // the stream after it, and the first such error ends this enumeration as an exception.
        Exception? failure = null;
        void OnError(Exception e) => failure ??= e;
        var events = (@namespace, kind.Namespaced) switch
        {
            (null, false) => _api.CustomObjects.WatchListClusterCustomObjectAsync(
                kind.Group, kind.Version, kind.Plural, allowWatchBookmarks: true, fieldSelector: o.FieldSelector, labelSelector: o.LabelSelector,
                resourceVersion: o.ResourceVersion, timeoutSeconds: o.TimeoutSeconds, onError: OnError, cancellationToken: cancellationToken),
            (null, true) => _api.CustomObjects.WatchListCustomObjectForAllNamespacesAsync(
                kind.Group, kind.Version, kind.Plural, allowWatchBookmarks: true, fieldSelector: o.FieldSelector, labelSelector: o.LabelSelector,
                resourceVersion: o.ResourceVersion, timeoutSeconds: o.TimeoutSeconds, onError: OnError, cancellationToken: cancellationToken),
            _ => _api.CustomObjects.WatchListNamespacedCustomObjectAsync(
                kind.Group, kind.Version, @namespace, kind.Plural, allowWatchBookmarks: true, fieldSelector: o.FieldSelector, labelSelector: o.LabelSelector,
                resourceVersion: o.ResourceVersion, timeoutSeconds: o.TimeoutSeconds, onError: OnError, cancellationToken: cancellationToken),
        };

        await using var enumerator = events.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            bool more;
            try
            {
                more = await enumerator.MoveNextAsync().ConfigureAwait(false);
            }
            catch (HttpOperationException e)
            {
                throw KubernetesErrors.From(e);
            }

            if (failure is not null)
            {
                throw KubernetesErrors.From(failure, $"the watch of {kind.Kind} failed");
            }

            if (!more)
            {
                yield break;
            }

            var (type, obj) = enumerator.Current;
            var element = obj as JsonElement? ?? throw new JsonException($"A {type} watch event of {kind.Kind} carried no object.");
            yield return new WatchEvent<T>(
                Enum.Parse<Grains.Interfaces.Models.WatchEventType>(type.ToString()),
                element.Deserialize(T.JsonTypeInfo) ?? throw new JsonException($"A {type} watch event of {kind.Kind} held null."));
        }
    }

    public Task<T> CreateAsync<T>(T obj, CancellationToken cancellationToken = default)
        where T : class, IKubernetesResource<T>
    {
        var @namespace = obj.Metadata.Namespace;
        var (kind, path) = Scope<T>(@namespace, name: null);
        var body = JsonSerializer.SerializeToElement(obj, T.JsonTypeInfo);
        return SendAsync(
            ct => @namespace is null
                ? _api.CustomObjects.CreateClusterCustomObjectWithHttpMessagesAsync<JsonElement>(body, kind.Group, kind.Version, kind.Plural, cancellationToken: ct)
                : _api.CustomObjects.CreateNamespacedCustomObjectWithHttpMessagesAsync<JsonElement>(body, kind.Group, kind.Version, @namespace, kind.Plural, cancellationToken: ct),
            T.JsonTypeInfo,
            $"POST {path}",
            cancellationToken);
    }

    public Task<T> UpdateAsync<T>(T obj, CancellationToken cancellationToken = default)
        where T : class, IKubernetesResource<T>
    {
        var name = obj.Metadata.Name ?? throw new ArgumentException("An update needs metadata.name.", nameof(obj));
        var @namespace = obj.Metadata.Namespace;
        var (kind, path) = Scope<T>(@namespace, name);
        var body = JsonSerializer.SerializeToElement(obj, T.JsonTypeInfo);
        return SendAsync(
            ct => @namespace is null
                ? _api.CustomObjects.ReplaceClusterCustomObjectWithHttpMessagesAsync<JsonElement>(body, kind.Group, kind.Version, kind.Plural, name, cancellationToken: ct)
                : _api.CustomObjects.ReplaceNamespacedCustomObjectWithHttpMessagesAsync<JsonElement>(body, kind.Group, kind.Version, @namespace, kind.Plural, name, cancellationToken: ct),
            T.JsonTypeInfo,
            $"PUT {path}",
            cancellationToken);
    }

    public Task<T> PatchAsync<T>(string name, string? @namespace, KubernetesPatch patch, CancellationToken cancellationToken = default)
        where T : class, IKubernetesResource<T>
    {
        var (kind, path) = Scope<T>(@namespace, name);
        var body = new LibraryPatch(patch.Body, patch.ContentType switch
        {
            KubernetesPatch.MergePatchContentType => LibraryPatch.PatchType.MergePatch,
            KubernetesPatch.JsonPatchContentType => LibraryPatch.PatchType.JsonPatch,
            KubernetesPatch.StrategicMergePatchContentType => LibraryPatch.PatchType.StrategicMergePatch,
            _ => throw new ArgumentException($"Unsupported patch type {patch.ContentType}.", nameof(patch)),
        });
        return SendAsync(
            ct => @namespace is null
                ? _api.CustomObjects.PatchClusterCustomObjectWithHttpMessagesAsync<JsonElement>(body, kind.Group, kind.Version, kind.Plural, name, cancellationToken: ct)
                : _api.CustomObjects.PatchNamespacedCustomObjectWithHttpMessagesAsync<JsonElement>(body, kind.Group, kind.Version, @namespace, kind.Plural, name, cancellationToken: ct),
            T.JsonTypeInfo,
            $"PATCH {path}",
            cancellationToken);
    }

    public Task DeleteAsync<T>(string name, string? @namespace, V1DeleteOptions? options = null, CancellationToken cancellationToken = default)
        where T : class, IKubernetesResource<T>
    {
        var (kind, path) = Scope<T>(@namespace, name);
        // The library's DeleteOptions model carries the body; the project's record converts through its JSON.
        var body = options is null
            ? null
            : KubernetesJson.Deserialize<LibraryDeleteOptions>(JsonSerializer.Serialize(options, KubernetesJsonContext.Default.V1DeleteOptions));
        // The answer is a Status or the object (still finalizing); neither is needed by callers.
        return SendAsync(
            ct => @namespace is null
                ? _api.CustomObjects.DeleteClusterCustomObjectWithHttpMessagesAsync<JsonElement>(kind.Group, kind.Version, kind.Plural, name, body, cancellationToken: ct)
                : _api.CustomObjects.DeleteNamespacedCustomObjectWithHttpMessagesAsync<JsonElement>(kind.Group, kind.Version, @namespace, kind.Plural, name, body, cancellationToken: ct),
            KubernetesJsonContext.Default.JsonElement,
            $"DELETE {path}",
            cancellationToken);
    }

    public void Dispose() => _api.Dispose();

    /// <summary>
    /// The kind of <typeparamref name="T"/> and the path the library will request (for messages), after checking
    /// that the namespace argument fits the kind's scope.
    /// </summary>
    private static (ResourceKind Kind, string Path) Scope<T>(string? @namespace, string? name)
        where T : class, IKubernetesResource<T>
    {
        var kind = T.ResourceKind;
        return (kind, name is null ? kind.CollectionPath(@namespace) : kind.ObjectPath(name, @namespace));
    }

    private async Task<TResult> SendAsync<TResult>(
        Func<CancellationToken, Task<HttpOperationResponse<JsonElement>>> send,
        JsonTypeInfo<TResult> resultType,
        string request,
        CancellationToken cancellationToken)
    {
        try
        {
            using var response = await send(cancellationToken).ConfigureAwait(false);
            return response.Body.Deserialize(resultType) ?? throw new JsonException($"{request} answered with an empty body.");
        }
        catch (HttpOperationException e)
        {
            throw KubernetesErrors.From(e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // The library cancels a request that outlives its HttpClientTimeout.
            throw new TimeoutException($"{request} got no answer within {_api.HttpClientTimeout.TotalSeconds:0.#} s.", e);
        }
    }
}
