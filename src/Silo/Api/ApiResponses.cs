using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Servables;
using Microsoft.AspNetCore.Http;

namespace Dtaas.Silo.Api;

/// <summary>Reading request bodies and writing answers as JSON, every refusal as <c>{"error": "..."}</c>.</summary>
public static class ApiResponses
{
    public static IResult Error(int status, string error) =>
        Results.Json(new ErrorBody(error), ApiJsonContext.Default.ErrorBody, statusCode: status);

    /// <summary>The most a /v1 request body may hold (1 MiB): a larger one is refused with 413 before it is read.</summary>
    public const long MaxBody = 1024 * 1024;

    public static IResult Unauthorized(string error) => new WithHeader(Error(StatusCodes.Status401Unauthorized, error), "WWW-Authenticate", "Bearer");

    /// <summary>429 with Retry-After in whole seconds (rounded up, so a client that waits that long is let through).</summary>
    public static IResult TooManyRequests(TimeSpan wait)
    {
        var seconds = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds));
        return new WithHeader(Error(StatusCodes.Status429TooManyRequests, $"too many failed logins from this address: try again in {seconds} s"),
            "Retry-After", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public static IResult TooLarge() => Error(StatusCodes.Status413PayloadTooLarge, $"the request body is above {MaxBody} bytes");

    /// <summary>
    /// Caps the request body at <see cref="MaxBody"/>: a declared larger one is refused at once (null: go on), a chunked
    /// one fails its read past the cap (see <see cref="ReadAsync"/>). Kestrel then closes the connection rather than drain it.
    /// </summary>
    public static IResult? LimitBody(HttpContext context)
    {
        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBody;
        }
        return context.Request.ContentLength > MaxBody ? TooLarge() : null;
    }

    /// <summary>The body as <typeparamref name="T"/>, or a 400 saying what is wrong with it.</summary>
    public static async Task<(T? Body, IResult? Refusal)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var body = await JsonSerializer.DeserializeAsync(request.Body, type, cancellationToken);
            return body is null ? (null, Error(StatusCodes.Status400BadRequest, "the request body must be a JSON object")) : (body, null);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge());
        }
        catch (JsonException e)
        {
            return (null, Error(StatusCodes.Status400BadRequest, $"the request body is not valid JSON for this call: {e.Message}"));
        }
    }

    public static ServableBody Body(ServableView view) => new(view.Id, view.Type, Capabilities.Names(view.Capabilities), view.Name, view.Node,
        view.Details?.Owner, view.Details?.Uri, view.Details?.Status, view.Details?.Message, view.Details?.Description, view.Details?.Tags,
        view.Details?.ServiceSelector, view.Details?.Grants);

    /// <summary>A use of a servable answered: the servable (200), nothing (204), or the refusal with its status.</summary>
    public static IResult Answer(ServableAnswer answer, string notFound) => answer.Outcome switch
    {
        ServableOutcome.Done when answer.Servable is { } view => Results.Json(Body(view), ApiJsonContext.Default.ServableBody),
        ServableOutcome.Done => Results.NoContent(),
        // Existence stays hidden: the same words whether it is missing or only not visible to the caller.
        ServableOutcome.Hidden => Error(StatusCodes.Status404NotFound, notFound),
        ServableOutcome.Forbidden => Error(StatusCodes.Status403Forbidden, answer.Error!),
        ServableOutcome.Invalid => Error(StatusCodes.Status400BadRequest, answer.Error!),
        ServableOutcome.Conflict => Error(StatusCodes.Status409Conflict, answer.Error!),
        ServableOutcome.Missing => Error(StatusCodes.Status404NotFound, answer.Error!),
        ServableOutcome.Unreachable => Error(StatusCodes.Status503ServiceUnavailable, answer.Error!),
        _ => throw new ArgumentOutOfRangeException(nameof(answer), answer.Outcome, "Unknown outcome."),
    };

    private sealed class WithHeader(IResult inner, string name, string value) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers[name] = value;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
