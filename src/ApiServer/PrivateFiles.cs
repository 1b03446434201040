namespace Dtaas.ApiServer;

/// <summary>
/// A data directory only its owner can read: it holds the node's private key, tokens, certificates' keys and the
/// standalone store with every Secret. Directories are 0700 and files 0600, from the moment they exist.
/// </summary>
public static class PrivateFiles
{
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates <paramref name="directory"/> owner-only, or makes an existing one and everything in it so (whatever it was before).</summary>
    public static void Secure(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
            return;
        }
        Directory.CreateDirectory(directory, DirectoryMode);
        File.SetUnixFileMode(directory, DirectoryMode);
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos("*", new EnumerationOptions
        {
            RecurseSubdirectories = true,
            AttributesToSkip = FileAttributes.ReparsePoint,
            IgnoreInaccessible = true,
        }))
        {
            // A link is left alone: its target may be anything of anyone's (chmod would follow it).
            if (entry.LinkTarget is null)
            {
                entry.UnixFileMode = entry is DirectoryInfo ? DirectoryMode : FileMode;
            }
        }
    }

    /// <summary>Makes an empty owner-only file at <paramref name="path"/> unless one exists: files others create there (SQLite's -wal and -shm) take its mode.</summary>
    public static void Touch(string path)
    {
        if (!File.Exists(path))
        {
            using var _ = new FileStream(path, Options(System.IO.FileMode.CreateNew));
        }
    }

    /// <summary>Writes <paramref name="content"/> owner-only, to a temporary name renamed over <paramref name="path"/>, so a crash never leaves half a file.</summary>
    public static void Write(string path, ReadOnlySpan<byte> content)
    {
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, Options(System.IO.FileMode.Create)))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }

    private static FileStreamOptions Options(System.IO.FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }
        return options;
    }
}
