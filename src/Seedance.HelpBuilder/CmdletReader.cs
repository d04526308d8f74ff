using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;

namespace Seedance.HelpBuilder;

/// <summary>Reads cmdlets from a compiled module assembly without executing it (MetadataLoadContext).</summary>
internal static class CmdletReader
{
    private const string Automation = "System.Management.Automation.";

    public static IReadOnlyList<CmdletMetadata> Read(string assemblyPath, IEnumerable<string> referencePaths)
    {
        var paths = new List<string>(Directory.GetFiles(Path.GetDirectoryName(Path.GetFullPath(assemblyPath))!, "*.dll"));
        paths.AddRange(referencePaths.Where(File.Exists));
        paths.AddRange(Directory.GetFiles(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "*.dll"));
        var unique = paths.GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase).Select(group => group.First());
        using var context = new MetadataLoadContext(new PathAssemblyResolver(unique), "System.Private.CoreLib");
        var assembly = context.LoadFromAssemblyPath(Path.GetFullPath(assemblyPath));
        var cmdlets = new List<CmdletMetadata>();
        foreach (var type in assembly.GetTypes().Where(type => type.IsClass && !type.IsAbstract && type.IsPublic))
        {
            var cmdlet = Attribute(type, "CmdletAttribute");
            if (cmdlet is null)
            {
                continue;
            }

            var verb = (string)cmdlet.ConstructorArguments[0].Value!;
            var noun = (string)cmdlet.ConstructorArguments[1].Value!;
            var parameters = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Select(ReadParameter).Where(parameter => parameter is not null).Cast<ParameterMetadata>().ToList();
            var outputs = type.GetCustomAttributesData().Where(data => data.AttributeType.FullName == Automation + "OutputTypeAttribute")
                .SelectMany(data => data.ConstructorArguments)
                .SelectMany(argument => argument.Value is IEnumerable<CustomAttributeTypedArgument> many ? many.Select(item => item.Value) : new[] { argument.Value })
                .Select(value => value is Type output ? output.FullName ?? output.Name : value?.ToString())
                .Where(name => name is not null && name != "System.Void").Cast<string>().ToList();
            cmdlets.Add(new CmdletMetadata(verb, noun, Named<string>(cmdlet, "DefaultParameterSetName"),
                Named<bool>(cmdlet, "SupportsShouldProcess"), OrderDeclared(type, parameters), outputs));
        }

        return cmdlets.OrderBy(cmdlet => cmdlet.Name, StringComparer.Ordinal).ToList();
    }

    private static ParameterMetadata? ReadParameter(PropertyInfo property)
    {
        var sets = property.GetCustomAttributesData()
            .Where(data => data.AttributeType.FullName == Automation + "ParameterAttribute")
            .Select(data => new ParameterSetMembership(
                Named<string>(data, "ParameterSetName") ?? ParameterSetMembership.AllSets,
                Named<bool>(data, "Mandatory"),
                Named<int?>(data, "Position") is { } position && position >= 0 ? position : null,
                Named<bool>(data, "ValueFromPipeline"),
                Named<bool>(data, "ValueFromPipelineByPropertyName")))
            .ToList();
        if (sets.Count == 0)
        {
            return null;
        }

        var aliases = property.GetCustomAttributesData()
            .Where(data => data.AttributeType.FullName == Automation + "AliasAttribute")
            .SelectMany(data => data.ConstructorArguments)
            .SelectMany(argument => argument.Value is IEnumerable<CustomAttributeTypedArgument> many ? many.Select(item => (string)item.Value!) : new[] { (string)argument.Value! })
            .ToList();
        var allowed = property.GetCustomAttributesData()
            .Where(data => data.AttributeType.FullName == Automation + "ValidateSetAttribute")
            .SelectMany(data => data.ConstructorArguments)
            .SelectMany(argument => argument.Value is IEnumerable<CustomAttributeTypedArgument> many ? many.Select(item => (string)item.Value!) : Array.Empty<string>())
            .ToList();
        var isSwitch = property.PropertyType.FullName == Automation + "SwitchParameter";
        return new ParameterMetadata(property.Name, FriendlyName(property.PropertyType), isSwitch, aliases, sets, allowed);
    }

    /// <summary>Keeps the order parameters are declared in, base classes' last, as help readers expect the cmdlet's own first.</summary>
    private static IReadOnlyList<ParameterMetadata> OrderDeclared(Type type, List<ParameterMetadata> parameters)
    {
        var order = new List<string>();
        for (var current = type; current is not null; current = current.BaseType)
        {
            order.AddRange(current.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Select(property => property.Name));
        }

        // Own properties first, then those of the base classes, each group in source order.
        var own = type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Select(property => property.Name).ToList();
        return parameters.OrderBy(parameter => own.Contains(parameter.Name) ? 0 : 1)
            .ThenBy(parameter => order.IndexOf(parameter.Name) is var index && index < 0 ? int.MaxValue : index).ToList();
    }

    internal static string FriendlyName(Type type)
    {
        if (type.IsArray)
        {
            return FriendlyName(type.GetElementType()!) + "[]";
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition().FullName == "System.Nullable`1")
        {
            return FriendlyName(type.GetGenericArguments()[0]);
        }

        return type.Name;
    }

    private static CustomAttributeData? Attribute(Type type, string name) =>
        type.GetCustomAttributesData().FirstOrDefault(data => data.AttributeType.FullName == Automation + name);

    private static T? Named<T>(CustomAttributeData data, string name)
    {
        foreach (var argument in data.NamedArguments)
        {
            if (argument.MemberName == name)
            {
                return (T?)argument.TypedValue.Value;
            }
        }

        return default;
    }
}
