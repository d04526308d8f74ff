using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Seedance.HelpBuilder;

/// <summary>
/// Finds the System.Management.Automation.dll a module was compiled against. The build passes PowerShellStandard's
/// reference assembly in; run by hand without one, the builder takes it from the NuGet package cache, where
/// PowerShellStandard.Library 5.1.1 lands when the module is restored.
/// </summary>
internal static class AutomationReference
{
    public const string FileName = "System.Management.Automation.dll";
    private const string PackagePath = "powershellstandard.library/5.1.1/lib/netstandard2.0";

    /// <summary>The given references, plus the cached PowerShellStandard assembly when none of them (and nothing beside the
    /// module) is System.Management.Automation.</summary>
    public static IReadOnlyList<string> Complete(IEnumerable<string> given, string assemblyPath)
    {
        var references = given.ToList();
        var besideModule = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(assemblyPath))!, FileName);
        if (references.Any(IsAutomation) || File.Exists(besideModule))
        {
            return references;
        }

        var cached = CacheFolders().Select(folder => Path.Combine(folder, PackagePath, FileName)).FirstOrDefault(File.Exists);
        if (cached is not null)
        {
            references.Add(cached);
        }

        return references;
    }

    private static bool IsAutomation(string path) => string.Equals(Path.GetFileName(path), FileName, StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<string> CacheFolders()
    {
        if (Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured)
        {
            yield return configured;
        }

        yield return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
    }
}
