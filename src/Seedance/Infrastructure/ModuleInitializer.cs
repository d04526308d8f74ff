using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Seedance.Infrastructure;

/// <summary>
/// Makes the module's private copy of System.Text.Json (and its dependencies) loadable on Windows PowerShell 5.1
/// without touching the copies other modules load.
/// </summary>
/// <remarks>
/// PowerShell 7.4+ runs on .NET 8+, whose System.Text.Json (8.0 or later) satisfies the engine's 8.0 reference, so
/// nothing is loaded from dependencies/ there and the host's own copy is shared. On .NET Framework the reference
/// cannot be satisfied by the framework, and another module (Az, for example) may already have loaded an older
/// System.Text.Json into the AppDomain; .NET Framework then raises AssemblyResolve for our exact version and we
/// load it side by side from dependencies/. Only names we ship are answered, and only with a version at least as
/// high as the one requested, so we never hand our copy to a module that asked for something else.
/// </remarks>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private static readonly string DependencyDirectory =
        Path.Combine(Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? ".", "dependencies");

    private static bool IsNetFramework =>
        RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase);

    public void OnImport()
    {
        if (IsNetFramework)
        {
            AppDomain.CurrentDomain.AssemblyResolve += ResolveFromDependencyDirectory;
        }
    }

    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        if (IsNetFramework)
        {
            AppDomain.CurrentDomain.AssemblyResolve -= ResolveFromDependencyDirectory;
        }
    }

    internal static Assembly? ResolveFromDependencyDirectory(object? sender, ResolveEventArgs args)
    {
        var requested = new AssemblyName(args.Name);
        if (requested.Name is null)
        {
            return null;
        }

        var candidate = Path.Combine(DependencyDirectory, requested.Name + ".dll");
        if (!File.Exists(candidate))
        {
            return null;
        }

        var shipped = AssemblyName.GetAssemblyName(candidate);
        if (requested.Version is not null && shipped.Version is not null && shipped.Version < requested.Version)
        {
            return null;
        }

        return Assembly.LoadFrom(candidate);
    }
}
