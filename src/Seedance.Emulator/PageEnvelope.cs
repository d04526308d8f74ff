using System.Text.Json.Nodes;

namespace Seedance.Emulator;

/// <summary>A list page in the configured pagination style: <c>{items, first, next, previous}</c> or, with
/// <c>--pagination-style next_pq</c>, <c>{items, next_pq, prev_pq}</c>.</summary>
internal static class PageEnvelope
{
    public static JsonObject Of(string paginationStyle, JsonArray items, string? first, string? next, string? previous)
    {
        var page = new JsonObject { ["items"] = items };
        if (paginationStyle == "next_pq")
        {
            page["next_pq"] = next;
            page["prev_pq"] = previous;
        }
        else
        {
            page["first"] = first;
            page["next"] = next;
            page["previous"] = previous;
        }

        return page;
    }
}
