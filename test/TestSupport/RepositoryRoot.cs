namespace Dtaas.TestSupport;

/// <summary>Finds the repository root (the folder with Dtaas.sln) from the test's base directory.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Dtaas.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"no Dtaas.sln above {AppContext.BaseDirectory}");
    }

    public static string Examples => System.IO.Path.Combine(Path, "k8s", "examples");
}
