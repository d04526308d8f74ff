using System;
using System.Collections.Generic;
using System.Linq;

namespace Seedance.HelpBuilder;

/// <summary>-WhatIf and -Confirm, which PowerShell adds to cmdlets that declare SupportsShouldProcess. Unlike the common
/// parameters, Get-Help expects them in the syntax and parameter list, so they are documented like declared ones.</summary>
internal static class ShouldProcessSwitches
{
    private static readonly IReadOnlyDictionary<string, (string Alias, string Text)> Switches = new Dictionary<string, (string, string)>(StringComparer.OrdinalIgnoreCase)
    {
        ["WhatIf"] = ("wi", "Shows what would happen if the cmdlet runs. The cmdlet is not run."),
        ["Confirm"] = ("cf", "Prompts you for confirmation before running the cmdlet."),
    };

    /// <summary>The cmdlet's declared parameters, followed by -WhatIf and -Confirm when it supports ShouldProcess.</summary>
    public static IReadOnlyList<ParameterMetadata> AddTo(CmdletMetadata cmdlet)
    {
        if (!cmdlet.SupportsShouldProcess)
        {
            return cmdlet.Parameters;
        }

        return cmdlet.Parameters.Concat(Switches.Select(pair => new ParameterMetadata(pair.Key, "SwitchParameter", true, new[] { pair.Value.Alias },
            new[] { new ParameterSetMembership(ParameterSetMembership.AllSets, false, null, false, false) },
            Array.Empty<string>(), Array.Empty<string>()))).ToList();
    }

    /// <summary>The standard description, used unless the page describes the switch itself (to say what -WhatIf shows).</summary>
    public static string? StandardText(string parameterName) =>
        Switches.TryGetValue(parameterName, out var entry) ? entry.Text : null;
}
