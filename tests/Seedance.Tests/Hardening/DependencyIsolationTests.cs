using System.IO;
using System.Linq;
using System.Reflection;
using Seedance.Tests.Cmdlets;
using Xunit;

namespace Seedance.Tests.Hardening;

/// <summary>The module works beside a System.Text.Json another module loaded first, and ships what Windows PowerShell
/// 5.1 needs without answering for assemblies it does not ship.</summary>
[Collection("Module")]
public sealed class DependencyIsolationTests
{
    [Fact]
    public void The_module_imports_and_works_after_the_host_loaded_its_own_system_text_json()
    {
        using var shell = new ModuleRunspace(importModule: false);

        var result = shell.Run("""
            $before = [System.Text.Json.JsonSerializer].Assembly.GetName().Version.ToString()
            [System.Text.Json.JsonDocument]::Parse('{"loaded":"first"}').RootElement.GetProperty('loaded').GetString() | Out-Null
            Import-Module $path -ErrorAction Stop
            $before
            (Measure-SeedanceCost -Prompt 'x' -Duration 10).TotalCost
            Test-SeedanceSignature -Body '{}' -Signature ('0' * 64) -Secret 'whsec_x'
            """, new System.Collections.Generic.Dictionary<string, object?> { ["path"] = ModuleRunspace.ModuleManifestPath });

        result.AssertNoErrors();
        Assert.True(System.Version.Parse(result.Output[0].ToString()) >= new System.Version(8, 0));
        Assert.Equal(3.034m, (decimal)result.Output[1].BaseObject);
        Assert.Equal(false, result.Output[2].BaseObject);
    }

    [Fact]
    public void Windows_PowerShell_gets_system_text_json_and_its_dependencies_in_the_dependencies_folder()
    {
        var dependencies = Path.Combine(ModuleRunspace.ModuleDirectory, "dependencies");
        var shipped = Directory.GetFiles(dependencies, "*.dll").Select(Path.GetFileNameWithoutExtension).ToList();
        var engine = AssemblyName.GetAssemblyName(Path.Combine(ModuleRunspace.ModuleDirectory, "Seedance.Engine.dll"));

        foreach (var required in new[] { "System.Text.Json", "System.Text.Encodings.Web", "System.Memory", "System.Buffers",
                     "System.Runtime.CompilerServices.Unsafe", "Microsoft.Bcl.AsyncInterfaces", "System.Threading.Tasks.Extensions" })
        {
            Assert.Contains(required, shipped);
        }

        Assert.DoesNotContain("System.Management.Automation", shipped);
        Assert.Equal(new System.Version(8, 0, 0, 0), AssemblyName.GetAssemblyName(Path.Combine(dependencies, "System.Text.Json.dll")).Version);
        Assert.NotNull(engine);
    }

    [Fact]
    public void The_resolver_answers_only_for_assemblies_it_ships_at_a_version_high_enough()
    {
        using var shell = new ModuleRunspace();

        var result = shell.Run("""
            $resolver = [Seedance.Infrastructure.ModuleInitializer].GetMethod('ResolveFromDependencyDirectory', [System.Reflection.BindingFlags]'NonPublic,Static')
            $resolver.Invoke($null, @($null, [System.ResolveEventArgs]::new('Some.Other.Library, Version=1.0.0.0')))
            $resolver.Invoke($null, @($null, [System.ResolveEventArgs]::new('System.Text.Json, Version=99.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51')))
            'done'
            """);

        result.AssertNoErrors();
        Assert.Equal(new object?[] { null, null, "done" }, result.Output.Select(item => item?.BaseObject));
    }
}
