using System.Text;
using Microsoft.AspNetCore.Http;

namespace Dtaas.Gateway;

/// <summary>The gateway's own answers: a status with a one-line plain-text reason a person can read with curl.</summary>
internal static class PlainText
{
    public static async Task WriteAsync(HttpContext context, int status, string text, CancellationToken cancellationToken)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
            return;
        }
        context.Response.Clear();
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        var body = Encoding.UTF8.GetBytes(text.EndsWith('\n') ? text : text + "\n");
        context.Response.ContentLength = body.Length;
        try
        {
            await context.Response.Body.WriteAsync(body, cancellationToken);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client went away; nothing to tell it.
        }
    }
}
