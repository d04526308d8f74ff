using System;
using System.Collections.Generic;
using System.Linq;

namespace Seedance.Engine;

/// <summary>Route segments built from what a caller typed, encoded so that they cannot address another route.</summary>
internal static class ApiPaths
{
    /// <summary>Encodes each segment of a model path on its own; empty, "." and ".." segments are refused here, before
    /// they could address another route.</summary>
    public static string ModelPath(string modelPath)
    {
        var segments = (modelPath ?? string.Empty).Trim().Trim('/').Split('/');
        if (segments.Length < 2 || segments.Any(segment => segment.Length == 0 || segment == "." || segment == ".."))
        {
            throw new RunflowValidationException("model", modelPath,
                $"'{modelPath}' is not a model path such as {SeedanceModels.TextToVideo}.");
        }

        return string.Join("/", segments.Select(Uri.EscapeDataString));
    }

    /// <summary>A run id as one path segment; one that could leave it is refused before any request.</summary>
    public static string RunId(string runId)
    {
        var id = (runId ?? string.Empty).Trim();
        if (id.Length == 0 || id.Contains("/") || id.Contains("\\") || id == "." || id == ".." || id.Any(char.IsControl))
        {
            throw new RunflowValidationException("runId", runId, $"'{runId}' is not a run id.");
        }

        return Uri.EscapeDataString(id);
    }

    /// <summary>Adds <c>name=value</c> to a query, value escaped; an empty value adds nothing.</summary>
    public static void AddQuery(List<string> query, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            query.Add(name + "=" + Uri.EscapeDataString(value));
        }
    }
}
