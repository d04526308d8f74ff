using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;

namespace Seedance.HelpBuilder;

/// <summary>
/// Reads the cmdlets of a compiled module assembly through <see cref="MetadataLoadContext"/>: the assembly is inspected,
/// never loaded for execution, so a netstandard2.0 module built against reference-only PowerShell can be read here.
/// </summary>
internal static class CmdletReader
{
    private const string Automation = "System.Management.Automation.";

    /// <param name="assemblyPath">The cmdlet assembly; the assemblies beside it (its dependencies) resolve too.</param>
    /// <param name="referencePaths">Assemblies the module was compiled against but does not ship, such as the
    /// System.Management.Automation.dll of PowerShellStandard.Library.</param>
    public static IReadOnlyList<CmdletMetadata> Read(string assemblyPath, IEnumerable<string> referencePaths)
    {
        var fullPath = Path.GetFullPath(assemblyPath);
        var paths = new List<string> { fullPath };
        paths.AddRange(Directory.GetFiles(Path.GetDirectoryName(fullPath)!, "*.dll"));
        paths.AddRange(referencePaths.Where(File.Exists).Select(Path.GetFullPath));
        paths.AddRange(Directory.GetFiles(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "*.dll"));

        // The first of each file name wins: the module's own folder and references come before the runtime's.
        var unique = paths.GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase).Select(group => group.First()).ToList();
        using var context = new MetadataLoadContext(new PathAssemblyResolver(unique), typeof(object).Assembly.GetName().Name);
        var assembly = context.LoadFromAssemblyPath(fullPath);
        var cmdlets = new List<CmdletMetadata>();
        foreach (var type in assembly.GetTypes().Where(type => type.IsClass && !type.IsAbstract && type.IsPublic))
        {
            var cmdlet = FindAttribute(type.GetCustomAttributesData(), "CmdletAttribute");
            if (cmdlet is not null)
            {
                cmdlets.Add(ReadCmdlet(type, cmdlet));
            }
        }

        return cmdlets.OrderBy(cmdlet => cmdlet.Name, StringComparer.Ordinal).ToList();
    }

    private static CmdletMetadata ReadCmdlet(Type type, CustomAttributeData cmdlet)
    {
        var verb = (string)cmdlet.ConstructorArguments[0].Value!;
        var noun = (string)cmdlet.ConstructorArguments[1].Value!;
        var outputs = type.GetCustomAttributesData()
            .Where(data => data.AttributeType.FullName == Automation + "OutputTypeAttribute")
            .SelectMany(data => data.ConstructorArguments.SelectMany(Values))
            .Select(value => value is Type output ? output.FullName ?? output.Name : Convert.ToString(value, CultureInfo.InvariantCulture))
            .Where(name => !string.IsNullOrEmpty(name) && name != "System.Void")
            .Cast<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return new CmdletMetadata(verb, noun, Named<string>(cmdlet, "DefaultParameterSetName"),
            Named<bool>(cmdlet, "SupportsShouldProcess"), ReadParameters(type), outputs);
    }

    /// <summary>The cmdlet's own parameters first, then its base classes', each in declaration order; a property a
    /// derived class redeclares counts once, as the derived class declares it.</summary>
    private static IReadOnlyList<ParameterMetadata> ReadParameters(Type type)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var parameters = new List<ParameterMetadata>();
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var property in current.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                if (seen.Add(property.Name) && ReadParameter(property) is { } parameter)
                {
                    parameters.Add(parameter);
                }
            }
        }

        return parameters;
    }

    private static ParameterMetadata? ReadParameter(PropertyInfo property)
    {
        var attributes = property.GetCustomAttributesData();
        var declarations = attributes.Where(data => data.AttributeType.FullName == Automation + "ParameterAttribute").ToList();

        // A parameter hidden with DontShow in every set is left out of help, as Get-Command leaves it out of syntax.
        if (declarations.Count == 0 || declarations.All(data => Named<bool>(data, "DontShow")))
        {
            return null;
        }

        var sets = declarations
            .Select(data => new ParameterSetMembership(
                Named<string>(data, "ParameterSetName") ?? ParameterSetMembership.AllSets,
                Named<bool>(data, "Mandatory"),
                Named<int?>(data, "Position") is { } position && position >= 0 ? position : null,
                Named<bool>(data, "ValueFromPipeline"),
                Named<bool>(data, "ValueFromPipelineByPropertyName")))
            .ToList();
        var aliases = StringArguments(attributes, "AliasAttribute");
        var allowed = StringArguments(attributes, "ValidateSetAttribute");
        if (allowed.Count == 0 && ElementType(property.PropertyType) is { IsEnum: true } enumType)
        {
            allowed = enumType.GetFields(BindingFlags.Public | BindingFlags.Static).Select(field => field.Name).ToList();
        }

        var isSwitch = property.PropertyType.FullName == Automation + "SwitchParameter";
        return new ParameterMetadata(property.Name, FriendlyName(property.PropertyType), isSwitch, aliases, sets, allowed,
            Constraints(attributes));
    }

    /// <summary>Validation that help should state, in the words Get-Help readers expect.</summary>
    private static IReadOnlyList<string> Constraints(IList<CustomAttributeData> attributes)
    {
        var constraints = new List<string>();
        foreach (var data in attributes)
        {
            var arguments = data.ConstructorArguments.Select(argument => argument.Value).ToList();
            switch (data.AttributeType.FullName)
            {
                case Automation + "ValidateRangeAttribute" when arguments.Count == 2:
                    constraints.Add(IsUnbounded(arguments[1])
                        ? $"Valid values: {Number(arguments[0])} or more."
                        : $"Valid values: {Number(arguments[0])} to {Number(arguments[1])}.");
                    break;
                case Automation + "ValidateRangeAttribute" when arguments.Count == 1:
                    constraints.Add(RangeKind(arguments[0]));
                    break;
                case Automation + "ValidateLengthAttribute" when arguments.Count == 2:
                    constraints.Add($"Length: {Number(arguments[0])} to {Number(arguments[1])} characters.");
                    break;
                case Automation + "ValidateCountAttribute" when arguments.Count == 2:
                    constraints.Add($"Number of values: {Number(arguments[0])} to {Number(arguments[1])}.");
                    break;
            }
        }

        return constraints;
    }

    /// <summary>PowerShell 6+'s [ValidateRange(ValidateRangeKind)], whose members are numbered in this order.</summary>
    private static string RangeKind(object? kind) => Convert.ToInt32(kind, CultureInfo.InvariantCulture) switch
    {
        0 => "Valid values: greater than 0.",
        1 => "Valid values: 0 or more.",
        2 => "Valid values: less than 0.",
        _ => "Valid values: 0 or less.",
    };

    private static bool IsUnbounded(object? value) => value switch
    {
        int number => number == int.MaxValue,
        long number => number == long.MaxValue,
        double number => double.IsPositiveInfinity(number) || number == double.MaxValue,
        _ => false,
    };

    private static string Number(object? value) => value switch
    {
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    /// <summary>The type as help shows it: String[], Int32, SwitchParameter; Nullable&lt;Decimal&gt; is Decimal.</summary>
    internal static string FriendlyName(Type type)
    {
        if (type.IsArray)
        {
            return FriendlyName(type.GetElementType()!) + "[]";
        }

        if (type.IsGenericType)
        {
            var arguments = type.GetGenericArguments();
            if (type.GetGenericTypeDefinition().FullName == "System.Nullable`1")
            {
                return FriendlyName(arguments[0]);
            }

            var name = type.Name.Substring(0, type.Name.IndexOf('`') is var tick && tick > 0 ? tick : type.Name.Length);
            return name + "[" + string.Join(", ", arguments.Select(FriendlyName)) + "]";
        }

        return type.Name;
    }

    private static Type ElementType(Type type)
    {
        if (type.IsArray)
        {
            return ElementType(type.GetElementType()!);
        }

        return type.IsGenericType && type.GetGenericTypeDefinition().FullName == "System.Nullable`1"
            ? type.GetGenericArguments()[0]
            : type;
    }

    private static List<string> StringArguments(IEnumerable<CustomAttributeData> attributes, string name) =>
        attributes.Where(data => data.AttributeType.FullName == Automation + name)
            .SelectMany(data => data.ConstructorArguments.SelectMany(Values))
            .OfType<string>()
            .ToList();

    /// <summary>The values of one constructor argument, flattening a params array.</summary>
    private static IEnumerable<object?> Values(CustomAttributeTypedArgument argument) =>
        argument.Value is IEnumerable<CustomAttributeTypedArgument> many ? many.Select(item => item.Value) : new[] { argument.Value };

    private static CustomAttributeData? FindAttribute(IEnumerable<CustomAttributeData> attributes, string name) =>
        attributes.FirstOrDefault(data => data.AttributeType.FullName == Automation + name);

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
