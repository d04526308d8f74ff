using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml;

namespace Seedance.HelpBuilder;

/// <summary>Writes the MAML that Get-Help reads for a binary module (Seedance.dll-Help.xml).</summary>
internal static class MamlWriter
{
    private const string Maml = "http://schemas.microsoft.com/maml/2004/10";
    private const string Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private const string Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    private static readonly Dictionary<string, string> ShouldProcessText = new(StringComparer.Ordinal)
    {
        ["WhatIf"] = "Shows what would happen if the cmdlet runs. Nothing is sent, created, paid for or written.",
        ["Confirm"] = "Prompts you for confirmation before running the cmdlet.",
    };

    public static void Write(string path, IReadOnlyList<(CmdletMetadata Metadata, HelpDocument Help)> cmdlets)
    {
        var settings = new XmlWriterSettings { Indent = true, IndentChars = "  ", Encoding = new System.Text.UTF8Encoding(false) };
        using var writer = XmlWriter.Create(path, settings);
        writer.WriteStartDocument();
        writer.WriteStartElement("helpItems", "http://msh");
        writer.WriteAttributeString("schema", "maml");
        foreach (var (metadata, help) in cmdlets)
        {
            WriteCommand(writer, metadata, help);
        }

        writer.WriteEndElement();
        writer.WriteEndDocument();
    }

    private static void WriteCommand(XmlWriter writer, CmdletMetadata metadata, HelpDocument help)
    {
        writer.WriteStartElement("command", "command", Command);
        writer.WriteAttributeString("xmlns", "maml", null, Maml);
        writer.WriteAttributeString("xmlns", "command", null, Command);
        writer.WriteAttributeString("xmlns", "dev", null, Dev);
        writer.WriteStartElement("command", "details", Command);
        writer.WriteElementString("command", "name", Command, metadata.Name);
        writer.WriteElementString("command", "verb", Command, metadata.Verb);
        writer.WriteElementString("command", "noun", Command, metadata.Noun);
        Description(writer, new[] { help.Synopsis });
        writer.WriteEndElement();
        Description(writer, help.Description);

        var parameters = AllParameters(metadata);
        writer.WriteStartElement("command", "syntax", Command);
        foreach (var set in ParameterSets(metadata))
        {
            writer.WriteStartElement("command", "syntaxItem", Command);
            writer.WriteElementString("maml", "name", Maml, metadata.Name);
            foreach (var (parameter, membership) in InSet(parameters, set))
            {
                Parameter(writer, parameter, membership, help);
            }

            writer.WriteEndElement();
        }

        writer.WriteEndElement();

        writer.WriteStartElement("command", "parameters", Command);
        foreach (var parameter in parameters)
        {
            Parameter(writer, parameter, Merge(parameter.Sets), help);
        }

        writer.WriteEndElement();

        TypeList(writer, "inputTypes", "inputType", help.Inputs);
        var outputs = help.Outputs.Count > 0 ? help.Outputs : metadata.OutputTypes.Select(type => (type, new List<string>())).ToList();
        TypeList(writer, "returnValues", "returnValue", outputs);

        writer.WriteStartElement("maml", "alertSet", Maml);
        writer.WriteStartElement("maml", "alert", Maml);
        Paragraphs(writer, help.Notes);
        writer.WriteEndElement();
        writer.WriteEndElement();

        writer.WriteStartElement("command", "examples", Command);
        foreach (var example in help.Examples)
        {
            writer.WriteStartElement("command", "example", Command);
            writer.WriteElementString("maml", "title", Maml, "--------- " + example.Title + " ---------");
            writer.WriteElementString("dev", "code", Dev, example.Code);
            writer.WriteStartElement("dev", "remarks", Dev);
            Paragraphs(writer, example.Remarks);
            writer.WriteEndElement();
            writer.WriteEndElement();
        }

        writer.WriteEndElement();

        writer.WriteStartElement("command", "relatedLinks", Command);
        foreach (var link in help.RelatedLinks)
        {
            writer.WriteStartElement("maml", "navigationLink", Maml);
            writer.WriteElementString("maml", "linkText", Maml, link.TrimStart('-', '*', ' '));
            writer.WriteElementString("maml", "uri", Maml, string.Empty);
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    /// <summary>The cmdlet's parameters plus -WhatIf and -Confirm when it supports ShouldProcess.</summary>
    internal static List<ParameterMetadata> AllParameters(CmdletMetadata metadata)
    {
        var parameters = metadata.Parameters.ToList();
        if (metadata.SupportsShouldProcess)
        {
            foreach (var name in new[] { "WhatIf", "Confirm" })
            {
                parameters.Add(new ParameterMetadata(name, "SwitchParameter", true, name == "WhatIf" ? new[] { "wi" } : new[] { "cf" },
                    new[] { new ParameterSetMembership(ParameterSetMembership.AllSets, false, null, false, false) }, Array.Empty<string>()));
            }
        }

        return parameters;
    }

    internal static IReadOnlyList<string> ParameterSets(CmdletMetadata metadata)
    {
        var named = metadata.Parameters.SelectMany(parameter => parameter.Sets).Select(set => set.SetName)
            .Where(name => name != ParameterSetMembership.AllSets).Distinct().ToList();
        if (named.Count == 0)
        {
            return new[] { ParameterSetMembership.AllSets };
        }

        // The default set first, as Get-Command lists it.
        return named.OrderBy(name => name == metadata.DefaultParameterSet ? 0 : 1).ToList();
    }

    private static IEnumerable<(ParameterMetadata, ParameterSetMembership)> InSet(List<ParameterMetadata> parameters, string set)
    {
        var members = parameters
            .Select(parameter => (parameter, membership: parameter.Sets.FirstOrDefault(item => item.SetName == set)
                                                         ?? parameter.Sets.FirstOrDefault(item => item.SetName == ParameterSetMembership.AllSets)))
            .Where(pair => pair.membership is not null)
            .Select(pair => (pair.parameter, pair.membership!))
            .ToList();
        return members.OrderBy(pair => pair.Item2.Position ?? int.MaxValue).ThenBy(pair => pair.Item2.Mandatory ? 0 : 1);
    }

    private static ParameterSetMembership Merge(IReadOnlyList<ParameterSetMembership> sets) => new(
        ParameterSetMembership.AllSets,
        sets.All(set => set.Mandatory),
        sets.Select(set => set.Position).FirstOrDefault(position => position is not null),
        sets.Any(set => set.ByValue),
        sets.Any(set => set.ByPropertyName));

    private static void Parameter(XmlWriter writer, ParameterMetadata parameter, ParameterSetMembership membership, HelpDocument help)
    {
        writer.WriteStartElement("command", "parameter", Command);
        writer.WriteAttributeString("required", membership.Mandatory ? "true" : "false");
        writer.WriteAttributeString("variableLength", parameter.TypeName.EndsWith("[]", StringComparison.Ordinal) ? "true" : "false");
        writer.WriteAttributeString("globbing", "false");
        writer.WriteAttributeString("pipelineInput", PipelineText(membership));
        writer.WriteAttributeString("position", membership.Position is { } position ? position.ToString(System.Globalization.CultureInfo.InvariantCulture) : "named");
        writer.WriteAttributeString("aliases", parameter.Aliases.Count == 0 ? "none" : string.Join(", ", parameter.Aliases));
        writer.WriteElementString("maml", "name", Maml, parameter.Name);
        var text = help.Parameters.TryGetValue(parameter.Name, out var described)
            ? described
            : ShouldProcessText.TryGetValue(parameter.Name, out var standard) ? new List<string> { standard } : new List<string>();
        Description(writer, text);
        if (!parameter.IsSwitch)
        {
            writer.WriteStartElement("command", "parameterValue", Command);
            writer.WriteAttributeString("required", "true");
            writer.WriteAttributeString("variableLength", "false");
            writer.WriteString(parameter.TypeName);
            writer.WriteEndElement();
        }

        writer.WriteStartElement("dev", "type", Dev);
        writer.WriteElementString("maml", "name", Maml, parameter.TypeName);
        writer.WriteElementString("maml", "uri", Maml, string.Empty);
        writer.WriteEndElement();
        writer.WriteElementString("dev", "defaultValue", Dev, parameter.IsSwitch ? "False" : "None");
        writer.WriteEndElement();
    }

    private static string PipelineText(ParameterSetMembership membership) => (membership.ByValue, membership.ByPropertyName) switch
    {
        (true, true) => "True (ByPropertyName, ByValue)",
        (true, false) => "True (ByValue)",
        (false, true) => "True (ByPropertyName)",
        _ => "False",
    };

    private static void TypeList(XmlWriter writer, string listName, string itemName, IEnumerable<(string Type, List<string> Text)> types)
    {
        writer.WriteStartElement("command", listName, Command);
        foreach (var (type, text) in types)
        {
            writer.WriteStartElement("command", itemName, Command);
            writer.WriteStartElement("dev", "type", Dev);
            writer.WriteElementString("maml", "name", Maml, type);
            writer.WriteEndElement();
            Description(writer, text);
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
    }

    private static void Description(XmlWriter writer, IEnumerable<string> paragraphs)
    {
        writer.WriteStartElement("maml", "description", Maml);
        Paragraphs(writer, paragraphs);
        writer.WriteEndElement();
    }

    private static void Paragraphs(XmlWriter writer, IEnumerable<string> paragraphs)
    {
        foreach (var paragraph in paragraphs)
        {
            writer.WriteElementString("maml", "para", Maml, Plain(paragraph));
        }
    }

    /// <summary>Markdown emphasis and code marks mean nothing in a console.</summary>
    private static string Plain(string text) => text.Replace("`", string.Empty).Replace("**", string.Empty);
}
