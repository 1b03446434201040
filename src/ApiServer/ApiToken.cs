using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Dtaas.ApiServer;

/// <summary>The bearer token kubectl presents: random, created once, kept in the data directory (mode 0600).</summary>
internal static class ApiToken
{
    public const string FileName = "apiserver-token";

    public static string LoadOrCreate(string dataDirectory, ILogger logger)
    {
        var path = Path.Combine(dataDirectory, FileName);
        if (File.Exists(path))
        {
            var existing = File.ReadAllText(path).Trim();
            if (existing.Length >= 32)
            {
                return existing;
            }
        }
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        PrivateFiles.Write(path, Encoding.ASCII.GetBytes(token + "\n"));
        logger.LogInformation("Created API token {Path}", path);
        return token;
    }
}
