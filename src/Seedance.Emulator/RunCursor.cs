using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Seedance.Emulator;

/// <summary>
/// An opaque search cursor. It marks a gap in the sorted result (after one run, or before one) rather than a bare
/// offset, so runs created while a client pages (they sort first under the default created_at:desc) neither repeat
/// nor hide items. A next cursor reads forward from its gap, a previous cursor backward; <c>from_prev=true</c> reads
/// backward from any cursor's gap, so clients of either pagination convention land on the right page.
/// </summary>
internal sealed class RunCursor
{
    private const string Version = "rc1";

    private RunCursor(bool forward, string? anchorId, int offset)
    {
        Forward = forward;
        AnchorId = anchorId;
        Offset = offset;
    }

    /// <summary>Reads forward from the gap (a next cursor) or backward (a previous cursor).</summary>
    public bool Forward { get; }

    /// <summary>The run right before the gap (forward cursors) or right after it (backward cursors).</summary>
    public string? AnchorId { get; }

    /// <summary>The gap's position when the cursor was issued; used when the anchor run no longer matches.</summary>
    public int Offset { get; }

    public static RunCursor Start { get; } = new(true, null, 0);

    public static RunCursor After(string runId, int gap) => new(true, runId, gap);

    public static RunCursor Before(string runId, int gap) => new(false, runId, gap);

    public static RunCursor End(int count) => new(false, null, count);

    /// <summary>The gap's position in <paramref name="sortedIds"/>.</summary>
    public int Gap(IReadOnlyDictionary<string, int> indexById, int count)
    {
        if (AnchorId is not null && indexById.TryGetValue(AnchorId, out var index))
        {
            return Forward ? index + 1 : index;
        }

        return Math.Clamp(Offset, 0, count);
    }

    public string Encode() =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Join('|', Version, Forward ? "f" : "b", Offset.ToString(CultureInfo.InvariantCulture), AnchorId ?? string.Empty)))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryDecode(string text, out RunCursor cursor)
    {
        cursor = Start;
        try
        {
            var base64 = text.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(base64)).Split('|');
            if (parts.Length != 4 || parts[0] != Version || parts[1] is not ("f" or "b")
                || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            {
                return false;
            }

            cursor = new RunCursor(parts[1] == "f", parts[3].Length == 0 ? null : parts[3], offset);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
