using System;
using System.Collections.Generic;
using Seedance.Engine;
using Xunit;

namespace Seedance.Tests.Engine;

/// <summary>The filter expressions (<c>q</c>) the engine writes for searches, and the statuses they name.</summary>
public class RunQueryTests
{
    [Fact]
    public void A_status_filter_names_every_spelling_of_each_status_once()
    {
        Assert.Equal("status_code:failed", RunQuery.ForStatuses(new[] { RunStatus.Failed }));
        Assert.Equal("status_code:canceled OR status_code:cancelled OR status_code:partial_succeeded",
            RunQuery.ForStatuses(new[] { RunStatus.Canceled, RunStatus.PartialSucceeded, RunStatus.Canceled }));
        Assert.Throws<ArgumentException>(() => RunQuery.ForStatuses(Array.Empty<RunStatus>()));
    }

    [Fact]
    public void Every_documented_status_has_an_api_spelling_that_reads_back_as_itself()
    {
        Assert.Equal(7, RunStatuses.Documented.Count);
        foreach (var status in RunStatuses.Documented)
        {
            Assert.All(RunStatuses.ApiSpellings(status), spelling => Assert.Equal(status, RunStatuses.Parse(spelling)));
        }

        Assert.Equal(new[] { "canceled", "cancelled" }, RunStatuses.ApiSpellings(RunStatus.Canceled));
    }

    [Fact]
    public void Terms_are_joined_by_and_with_alternatives_and_free_filters_in_parentheses()
    {
        var query = RunQuery.AllOf(new List<string>
        {
            RunQuery.ForStatuses(new[] { RunStatus.Succeeded, RunStatus.Failed }),
            RunQuery.ForClientRef("row 1"),
            " ",
            RunQuery.ForModelId("5f0c"),
            "status_code:failed AND created_at>2026-04-01",
            "client_ref:\"a \\\" b\"",
        });

        Assert.Equal("(status_code:succeeded OR status_code:failed) AND client_ref:\"row 1\" AND model_id:5f0c"
                     + " AND (status_code:failed AND created_at>2026-04-01) AND client_ref:\"a \\\" b\"", query);
        Assert.Equal("status_code:canceled OR status_code:cancelled", RunQuery.AllOf(new[] { RunQuery.ForStatuses(new[] { RunStatus.Canceled }) }));
        Assert.Equal(string.Empty, RunQuery.AllOf(Array.Empty<string>()));
    }

    [Fact]
    public void Created_since_is_written_in_utc_to_the_millisecond()
    {
        var since = new DateTimeOffset(2026, 5, 6, 12, 0, 5, 700, TimeSpan.FromHours(2));

        Assert.Equal("created_at>=2026-05-06T10:00:05.700Z", RunQuery.CreatedSince(since));
    }
}
