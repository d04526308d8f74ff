using System.Collections.Generic;

namespace Seedance.Engine;

/// <summary>The query of <c>GET /v1/runs</c>.</summary>
public sealed class RunSearchRequest
{
    /// <summary>The sort the docs show (<c>sort_by</c>): the newest run first.</summary>
    public const string NewestFirst = "created_at:desc";

    /// <summary>A Runflow filter expression (<c>q</c>), e.g. <c>status_code:succeeded AND created_at&gt;2026-04-01</c>.</summary>
    public string? Query { get; set; }

    /// <summary>Items per page, 1–500.</summary>
    public int? Limit { get; set; }

    /// <summary>A cursor from a previous page, sent as <c>pq</c>.</summary>
    public string? Cursor { get; set; }

    /// <summary>e.g. <see cref="NewestFirst"/>; several keys are comma-separated.</summary>
    public string? SortBy { get; set; }

    /// <summary>A projection: only these fields are returned.</summary>
    public IList<string>? Fields { get; set; }

    public RunSearchRequest Clone() => new()
    {
        Query = Query,
        Limit = Limit,
        Cursor = Cursor,
        SortBy = SortBy,
        Fields = Fields is null ? null : new List<string>(Fields),
    };
}
