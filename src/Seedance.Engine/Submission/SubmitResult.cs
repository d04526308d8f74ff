using System;
using Seedance.Engine.Ledger;

namespace Seedance.Engine.Submission;

/// <summary>One request's result: its run and how it came about, or the failure, named by the request's client ref.</summary>
public sealed class SubmitResult
{
    private SubmitResult(CreateRunRequest request, string clientRef, SubmitOutcome outcome, Run? run, LedgerEntry? entry, Exception? failure)
    {
        Request = request;
        ClientRef = clientRef;
        Outcome = outcome;
        Run = run;
        Entry = entry;
        Failure = failure;
    }

    /// <summary>The request as it was given to <see cref="SubmitOperation"/>.</summary>
    public CreateRunRequest Request { get; }

    /// <summary>The request's client ref: its own, or the one generated for it.</summary>
    public string ClientRef { get; }

    public SubmitOutcome Outcome { get; }

    /// <summary>The run, when the request got one (<see cref="SubmitOutcome.Created"/>, <see cref="SubmitOutcome.Adopted"/>,
    /// <see cref="SubmitOutcome.Reused"/>).</summary>
    public Run? Run { get; }

    /// <summary>The ledger's take this run belongs to.</summary>
    public LedgerEntry? Entry { get; }

    /// <summary>Why there is no run.</summary>
    public Exception? Failure { get; }

    internal static SubmitResult Succeeded(CreateRunRequest request, string clientRef, Run run, SubmitOutcome outcome, LedgerEntry? entry) =>
        new(request, clientRef, outcome, run, entry, null);

    internal static SubmitResult Failed(CreateRunRequest request, string clientRef, Exception failure, SubmitOutcome outcome = SubmitOutcome.Failed) =>
        new(request, clientRef, outcome, null, null, failure);

    public override string ToString() => Run is { } run
        ? $"{ClientRef}: {Outcome} {run.Id}"
        : $"{ClientRef}: {Outcome} ({Failure?.Message})";
}
