using Dtaas.TestSupport;
using Dtaas.ApiServer;

namespace Dtaas.ApiServer.Tests;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PrivateFilesTests
{
    private const UnixFileMode Owner = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerDirectory = Owner | UnixFileMode.UserExecute;
    private const UnixFileMode Open = Owner | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode OpenDirectory = OwnerDirectory | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    [Fact]
    public void A_directory_that_existed_open_becomes_owner_only_with_everything_in_it_but_what_links_point_at()
    {
        var root = Path.Combine(Path.GetTempPath(), "dtaas-private-" + Guid.NewGuid().ToString("N"));
        var data = Path.Combine(root, "data");
        var outside = Path.Combine(root, "outside.txt");
        try
        {
            Directory.CreateDirectory(Path.Combine(data, "sdk"));
            File.WriteAllText(Path.Combine(data, "node.json"), "{}");
            File.WriteAllText(Path.Combine(data, "sdk", "client.pfx"), "x");
            File.WriteAllText(outside, "not ours");
            File.CreateSymbolicLink(Path.Combine(data, "link"), outside);
            foreach (var path in new[] { data, Path.Combine(data, "sdk") })
            {
                File.SetUnixFileMode(path, OpenDirectory);
            }
            foreach (var path in new[] { Path.Combine(data, "node.json"), Path.Combine(data, "sdk", "client.pfx"), outside })
            {
                File.SetUnixFileMode(path, Open);
            }

            PrivateFiles.Secure(data);

            Assert.Equal(OwnerDirectory, File.GetUnixFileMode(data));
            Assert.Equal(OwnerDirectory, File.GetUnixFileMode(Path.Combine(data, "sdk")));
            Assert.Equal(Owner, File.GetUnixFileMode(Path.Combine(data, "node.json")));
            Assert.Equal(Owner, File.GetUnixFileMode(Path.Combine(data, "sdk", "client.pfx")));
            Assert.Equal(Open, File.GetUnixFileMode(outside));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task Every_file_of_the_standalone_api_is_owner_only_the_store_and_its_journal_included_even_after_a_restart_on_an_opened_directory()
    {
        await using var server = await TestServer.StartAsync();
        using var client = server.CreateHttpClient();
        await WriteAsync(client, "first");
        AssertOwnerOnly(server.DataDirectory);

        // An operator (or an older version) opened it up: the next start closes it again.
        File.SetUnixFileMode(server.DataDirectory, OpenDirectory);
        foreach (var file in Directory.EnumerateFiles(server.DataDirectory))
        {
            File.SetUnixFileMode(file, Open);
        }
        await server.RestartAsync();
        using var again = server.CreateHttpClient();
        await WriteAsync(again, "second");

        AssertOwnerOnly(server.DataDirectory);
    }

    private static async Task WriteAsync(HttpClient client, string name)
    {
        using var created = await client.PostAsync("/api/v1/namespaces", new StringContent(
            $$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{name}}}"}}""", System.Text.Encoding.UTF8, "application/json"));
        created.EnsureSuccessStatusCode();
    }

    private static void AssertOwnerOnly(string data)
    {
        Assert.Equal(OwnerDirectory, File.GetUnixFileMode(data));
        var files = Directory.EnumerateFiles(data).ToList();
        Assert.Contains(files, file => file.EndsWith("apiserver.db-wal", StringComparison.Ordinal));
        Assert.All(files, file => Assert.True(File.GetUnixFileMode(file) == Owner, $"{Path.GetFileName(file)} is {File.GetUnixFileMode(file)}"));
    }
}
