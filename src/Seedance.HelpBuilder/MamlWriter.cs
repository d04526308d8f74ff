using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Xml;

namespace Seedance.HelpBuilder;

/// <summary>
/// Writes the MAML Get-Help reads for a binary module (<c>Seedance.dll-Help.xml</c> beside <c>Seedance.dll</c>, in the
/// culture folder), shaped like PowerShell's own help files and platyPS output. Syntax, types, positions, pipeline input,
/// aliases, allowed values and output types come from the assembly; descriptions, examples and notes from the page.
/// Get-Help adds the common parameters itself, so they are not written.
/// </summary>
internal static class MamlWriter
{
    public const string Maml = "http://schemas.microsoft.com/maml/2004/10";
    public const string Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    public const string Dev = "http://schemas.microsoft.com/maml/dev/2004/10";
    public const string HelpItems = "http://msh";

    public static void Write(string path, IReadOnlyList<(CmdletMetadata Metadata, HelpDocument Help)> cmdlets)
    {
        var settings = new XmlWriterSettings { Indent = true, IndentChars = "  ", Encoding = new UTF8Encoding(false), NewLineChars = "\n" };
        using var writer = XmlWriter.Create(path, settings);
        writer.WriteStartDocument();
        writer.WriteStartElement("helpItems", HelpItems);
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

        var parameters = ShouldProcessSwitches.AddTo(metadata);
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
        foreach (var parameter in InPageOrder(parameters, help))
        {
            Parameter(writer, parameter, Merge(parameter.Sets), help);
        }

        writer.WriteEndElement();

        var inputs = help.Inputs.Count > 0 ? help.Inputs : new List<HelpTypeEntry> { new(HelpChecker.None) };
        TypeList(writer, "inputTypes", "inputType", inputs);
        TypeList(writer, "returnValues", "returnValue", ReturnValues(metadata, help));

        // Without notes the alert set is left out, so Get-Help prints no empty NOTES heading.
        if (help.Notes.Count > 0)
        {
            writer.WriteStartElement("maml", "alertSet", Maml);
            writer.WriteStartElement("maml", "alert", Maml);
            Paragraphs(writer, help.Notes);
            writer.WriteEndElement();
            writer.WriteEndElement();
        }

        writer.WriteStartElement("command", "examples", Command);
        foreach (var example in help.Examples)
        {
            writer.WriteStartElement("command", "example", Command);
            writer.WriteElementString("maml", "title", Maml, ExampleTitle(example.Title));
            writer.WriteElementString("dev", "code", Dev, example.Code);
            writer.WriteStartElement("dev", "remarks", Dev);
            Paragraphs(writer, example.Remarks);

            // An empty paragraph is the blank line Get-Help would otherwise not print before the next example's title.
            writer.WriteElementString("maml", "para", Maml, string.Empty);
            writer.WriteEndElement();
            writer.WriteEndElement();
        }

        writer.WriteEndElement();

        writer.WriteStartElement("command", "relatedLinks", Command);
        foreach (var link in help.RelatedLinks)
        {
            writer.WriteStartElement("maml", "navigationLink", Maml);
            writer.WriteElementString("maml", "linkText", Maml, link.Text);
            writer.WriteElementString("maml", "uri", Maml, link.Uri);
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    /// <summary>Framed in dashes like PowerShell's own examples, unless the frame would wrap in an 80-column console.</summary>
    private static string ExampleTitle(string title) =>
        title.Length <= 50 ? "---------- " + title + " ----------" : title;

    /// <summary>The declared output types, each with the page's text for it; None when the cmdlet declares none.</summary>
    private static IReadOnlyList<HelpTypeEntry> ReturnValues(CmdletMetadata metadata, HelpDocument help)
    {
        if (metadata.OutputTypes.Count == 0)
        {
            var none = new HelpTypeEntry(HelpChecker.None);
            none.Description.AddRange(help.Outputs.Where(output => HelpChecker.IsNone(output.TypeName)).SelectMany(output => output.Description));
            return new[] { none };
        }

        return metadata.OutputTypes.Select(type =>
        {
            var entry = new HelpTypeEntry(type);
            entry.Description.AddRange(help.Outputs.Where(output => HelpChecker.MatchOutputType(metadata, output.TypeName) == type)
                .SelectMany(output => output.Description));
            return entry;
        }).ToList();
    }

    /// <summary>The parameter list follows the page, where the author put related parameters together; parameters the
    /// page leaves to standard text (-WhatIf, -Confirm) come last.</summary>
    private static IEnumerable<ParameterMetadata> InPageOrder(IReadOnlyList<ParameterMetadata> parameters, HelpDocument help)
    {
        int Rank(ParameterMetadata parameter)
        {
            var index = help.ParameterOrder.FindIndex(name => string.Equals(name, parameter.Name, StringComparison.OrdinalIgnoreCase));
            return index < 0 ? int.MaxValue : index;
        }

        return parameters.OrderBy(Rank);
    }

    /// <summary>The parameter sets in the order Get-Command shows them: the default set first.</summary>
    internal static IReadOnlyList<string> ParameterSets(CmdletMetadata metadata)
    {
        var named = metadata.Parameters.SelectMany(parameter => parameter.Sets).Select(set => set.SetName)
            .Where(name => name != ParameterSetMembership.AllSets).Distinct().ToList();
        if (named.Count == 0)
        {
            return new[] { ParameterSetMembership.AllSets };
        }

        return named.OrderBy(name => name == metadata.DefaultParameterSet ? 0 : 1).ToList();
    }

    /// <summary>The parameters of one set, positional ones by position first, then mandatory, then the others.</summary>
    private static IEnumerable<(ParameterMetadata, ParameterSetMembership)> InSet(IReadOnlyList<ParameterMetadata> parameters, string set)
    {
        var members = new List<(ParameterMetadata, ParameterSetMembership)>();
        foreach (var parameter in parameters)
        {
            var membership = parameter.Sets.FirstOrDefault(item => item.SetName == set)
                             ?? parameter.Sets.FirstOrDefault(item => item.SetName == ParameterSetMembership.AllSets);
            if (membership is not null)
            {
                members.Add((parameter, membership));
            }
        }

        return members.OrderBy(pair => pair.Item2.Position ?? int.MaxValue).ThenBy(pair => pair.Item2.Mandatory ? 0 : 1);
    }

    /// <summary>How the parameter list describes a parameter that may behave differently in each set.</summary>
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
        writer.WriteAttributeString("variableLength", parameter.IsArray ? "true" : "false");
        writer.WriteAttributeString("globbing", "false");
        writer.WriteAttributeString("pipelineInput", PipelineText(membership));
        writer.WriteAttributeString("position", membership.Position is { } position ? position.ToString(CultureInfo.InvariantCulture) : "named");
        writer.WriteAttributeString("aliases", parameter.Aliases.Count == 0 ? "none" : string.Join(", ", parameter.Aliases));
        writer.WriteElementString("maml", "name", Maml, parameter.Name);
        help.Parameters.TryGetValue(parameter.Name, out var described);
        var text = described is { Description.Count: > 0 }
            ? described.Description
            : ShouldProcessSwitches.StandardText(parameter.Name) is { } standard ? new List<string> { standard } : new List<string>();
        Description(writer, text.Concat(parameter.Constraints));
        if (!parameter.IsSwitch)
        {
            writer.WriteStartElement("command", "parameterValue", Command);
            writer.WriteAttributeString("required", "true");
            writer.WriteAttributeString("variableLength", parameter.IsArray ? "true" : "false");
            writer.WriteString(parameter.TypeName);
            writer.WriteEndElement();
        }

        if (parameter.AllowedValues.Count > 0)
        {
            writer.WriteStartElement("command", "parameterValueGroup", Command);
            foreach (var value in parameter.AllowedValues)
            {
                writer.WriteStartElement("command", "parameterValue", Command);
                writer.WriteAttributeString("required", "false");
                writer.WriteAttributeString("variableLength", "false");
                writer.WriteString(value);
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
        }

        writer.WriteStartElement("dev", "type", Dev);
        writer.WriteElementString("maml", "name", Maml, parameter.TypeName);
        writer.WriteElementString("maml", "uri", Maml, string.Empty);
        writer.WriteEndElement();
        writer.WriteElementString("dev", "defaultValue", Dev, described?.DefaultValue ?? (parameter.IsSwitch ? "False" : "None"));
        writer.WriteEndElement();
    }

    private static string PipelineText(ParameterSetMembership membership) => (membership.ByValue, membership.ByPropertyName) switch
    {
        (true, true) => "True (ByPropertyName, ByValue)",
        (true, false) => "True (ByValue)",
        (false, true) => "True (ByPropertyName)",
        _ => "False",
    };

    private static void TypeList(XmlWriter writer, string listName, string itemName, IEnumerable<HelpTypeEntry> types)
    {
        writer.WriteStartElement("command", listName, Command);
        foreach (var type in types)
        {
            writer.WriteStartElement("command", itemName, Command);
            writer.WriteStartElement("dev", "type", Dev);
            writer.WriteElementString("maml", "name", Maml, type.TypeName);
            writer.WriteEndElement();
            Description(writer, type.Description);
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
            writer.WriteElementString("maml", "para", Maml, paragraph);
        }
    }
}
