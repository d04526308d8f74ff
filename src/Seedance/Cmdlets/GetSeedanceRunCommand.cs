using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Seedance.Engine;
using Seedance.Infrastructure;

namespace Seedance.Cmdlets;

/// <summary>Get-SeedanceRun: gets runs by id, or searches them by status, model, client ref, date or a raw filter.</summary>
[Cmdlet(VerbsCommon.Get, "SeedanceRun", DefaultParameterSetName = SearchSet)]
[OutputType(typeof(SeedanceRun))]
public sealed class GetSeedanceRunCommand : SeedanceApiCmdlet
{
    private const string IdSet = "Id";
    private const string SearchSet = "Search";
    private const int DefaultFirst = 50;

    /// <summary>One or more run ids; runs piped from other Seedance cmdlets bind here too.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(RecentRunCompleter))]
    [Alias("RunId", "run_id")]
    public string[] Id { get; set; } = Array.Empty<string>();

    /// <summary>Only runs in these states (queued, dispatching, running, succeeded, failed, canceled, partial_succeeded).</summary>
    [Parameter(ParameterSetName = SearchSet)]
    [ArgumentCompleter(typeof(StatusCompleter))]
    public string[]? Status { get; set; }

    /// <summary>Only runs of this model (a model path such as bytedance/seedance/2.0/text-to-video).</summary>
    [Parameter(ParameterSetName = SearchSet)]
    [ArgumentCompleter(typeof(ModelCompleter))]
    public string? Model { get; set; }

    /// <summary>Only the runs created with this client ref.</summary>
    [Parameter(ParameterSetName = SearchSet)]
    [ArgumentCompleter(typeof(RecentRunCompleter))]
    [Alias("client_ref")]
    public string? ClientRef { get; set; }

    /// <summary>Only runs created at or after this time.</summary>
    [Parameter(ParameterSetName = SearchSet)]
    public DateTime? Since { get; set; }

    /// <summary>A raw Runflow filter expression, e.g. "status_code:failed AND created_at>2026-04-01"; combined with the other filters by AND.</summary>
    [Parameter(ParameterSetName = SearchSet)]
    public string? Filter { get; set; }

    /// <summary>At most this many runs, newest first (cursors are followed as needed); a warning says when more match.</summary>
    [Parameter(ParameterSetName = SearchSet)]
    [ValidateRange(1, 100000)]
    public int First { get; set; } = DefaultFirst;

    /// <summary>Every matching run, however many pages that takes.</summary>
    [Parameter(ParameterSetName = SearchSet)]
    public SwitchParameter All { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == IdSet)
        {
            foreach (var id in Id.Where(value => !string.IsNullOrWhiteSpace(value)).Select(value => value.Trim()))
            {
                try
                {
                    var run = RunWhilePumping(token => Client.GetRunAsync(id, token));
                    WriteRun(new SeedanceRun(run, ResolveSession()));
                }
                catch (Exception exception) when (exception is RunflowException or ArgumentException)
                {
                    WriteFailure(exception, id, $"Run {id}");
                }
            }

            return;
        }

        if (All.IsPresent && MyInvocation.BoundParameters.ContainsKey(nameof(First)))
        {
            ThrowTerminatingError(ErrorRecords.InvalidInput("Seedance.AllWithFirst",
                "-All returns every matching run and -First caps the list: give one of them.", First));
        }

        string query;
        try
        {
            query = BuildQuery();
        }
        catch (InvalidInputException exception)
        {
            ThrowTerminatingError(ErrorRecords.InvalidInput(exception.ErrorId, exception.Message, exception.Value));
            return;
        }

        var request = new RunSearchRequest
        {
            Query = query.Length == 0 ? null : query,
            SortBy = RunSearchRequest.NewestFirst,
        };
        int? cap = All.IsPresent ? null : First;
        WriteVerbose(query.Length == 0 ? "Listing runs." : $"Searching runs: {query}");
        try
        {
            var found = RunWhilePumping(token => Client.SearchRunsUpToAsync(request, cap, token));
            foreach (var run in found.Runs)
            {
                // The filter is not trusted blindly: a server that ignores client_ref terms must not return other rows' runs.
                if (ClientRefFilter is { } clientRef && !string.Equals(run.ClientRef, clientRef, StringComparison.Ordinal))
                {
                    continue;
                }

                WriteRun(new SeedanceRun(run, ResolveSession()));
            }

            if (found.HasMore)
            {
                WriteWarning($"Get-SeedanceRun stopped at {First} runs (newest first) and more match: use -All for every one, or a larger -First.");
            }
        }
        catch (RunflowException exception)
        {
            ThrowFailure(exception, query, "Searching runs failed");
        }
    }

    private string BuildQuery()
    {
        var terms = new List<string>();
        if (Status is { Length: > 0 })
        {
            var statuses = new List<RunStatus>();
            foreach (var status in Status.Where(value => !string.IsNullOrWhiteSpace(value)))
            {
                var parsed = RunStatuses.Parse(status.Trim());
                if (parsed == RunStatus.Unknown)
                {
                    throw new InvalidInputException("Seedance.InvalidStatus",
                        $"Status '{status}' is not a run status: use {string.Join(", ", RunStatuses.Documented.Select(RunStatuses.ToApiString))}.", status);
                }

                statuses.Add(parsed);
            }

            terms.Add(RunQuery.ForStatuses(statuses));
        }

        if (ClientRefFilter is { } clientRef)
        {
            terms.Add(RunQuery.ForClientRef(clientRef));
        }

        if (!string.IsNullOrWhiteSpace(Model))
        {
            var model = Model!.Trim().Trim('/');
            var info = RunWhilePumping(token => Client.GetModelAsync(model, token));
            if (string.IsNullOrEmpty(info.Id))
            {
                throw new InvalidInputException("Seedance.ModelIdUnknown",
                    $"The API did not say which id model {model} has, so runs cannot be filtered by it; use -Filter 'model_id:<uuid>'.", model);
            }

            terms.Add(RunQuery.ForModelId(info.Id!));
        }

        if (Since is { } since)
        {
            // An unspecified kind is the caller's local time, as PowerShell's own date literals are; ToUniversalTime
            // clamps where a DateTimeOffset would throw ([datetime]::MinValue east of Greenwich).
            var utc = (since.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(since, DateTimeKind.Local) : since).ToUniversalTime();
            terms.Add(RunQuery.CreatedSince(new DateTimeOffset(utc)));
        }

        if (!string.IsNullOrWhiteSpace(Filter))
        {
            terms.Add(Filter!);
        }

        return RunQuery.AllOf(terms);
    }

    /// <summary>The trimmed -ClientRef, or null.</summary>
    private string? ClientRefFilter => string.IsNullOrWhiteSpace(ClientRef) ? null : ClientRef!.Trim();
}
