using System.Text.RegularExpressions;
using Dtaas.TestSupport;

namespace Dtaas.EndToEnd.Tests;

/// <summary>
/// The SDK as <c>dotnet add package</c> gives it: <c>Dtaas.Grains.Interfaces</c> and <c>Dtaas.Client</c> packed from this
/// checkout into a folder feed, and test/SdkConsole's sources built in a directory outside the repository (none of its
/// build props, central versions or project references) against those packages and the NuGet Orleans client.
/// </summary>
internal static class PackagedSdkConsole
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    /// <summary>Packs, restores and builds under <paramref name="workDirectory"/>; returns the program's dll.</summary>
    public static async Task<string> BuildAsync(string workDirectory)
    {
        var feed = Path.Combine(workDirectory, "feed");
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        foreach (var project in new[] { "src/Grains.Interfaces", "src/Client" })
        {
            Check(await DotnetRun.RunAsync(Limit, RepositoryRoot.Path, "pack", project, "-c", configuration, "--no-build", "-nologo", "-o", feed), $"pack {project}");
        }
        var version = Regex.Match(Path.GetFileName(Directory.GetFiles(feed, "Dtaas.Client.*.nupkg").Single(f => !f.EndsWith(".snupkg"))),
            @"^Dtaas\.Client\.(.+)\.nupkg$").Groups[1].Value;

        var app = Path.Combine(workDirectory, "app");
        Directory.CreateDirectory(app);
        var sources = Path.Combine(RepositoryRoot.Path, "test", "SdkConsole");
        await File.WriteAllTextAsync(Path.Combine(app, "PackagedSdkConsole.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.Orleans.Client" Version="10.4.2" />
                <PackageReference Include="Dtaas.Client" Version="{version}" />
                <Compile Include="{sources}/*.cs" />
              </ItemGroup>
            </Project>
            """);
        // A packages folder of its own, so a package packed by an earlier run never stands in for this one; the user's
        // global folder as a read-only fallback for the NuGet packages it already holds.
        var global = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        await File.WriteAllTextAsync(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{Path.Combine(workDirectory, "packages")}" />
              </config>
              <fallbackPackageFolders>
                <add key="global" value="{global}" />
              </fallbackPackageFolders>
              <packageSources>
                <clear />
                <add key="checkout" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        var output = Path.Combine(workDirectory, "bin");
        Check(await DotnetRun.RunAsync(Limit, app, "build", "-c", "Release", "-nologo", "-o", output), "build the packaged console");
        return Path.Combine(output, "PackagedSdkConsole.dll");
    }

    private static void Check((int Exit, string Stdout, string Stderr) run, string what) =>
        Assert.True(run.Exit == 0, $"{what}: exit {run.Exit}\n{run.Stdout}{run.Stderr}");
}
