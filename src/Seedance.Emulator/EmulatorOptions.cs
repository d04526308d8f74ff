using System;

namespace Seedance.Emulator;

/// <summary>
/// Every setting of the emulator. Timings, fault rates and switches are read on each request or scheduler tick, so a
/// test can change them on <see cref="RunflowEmulator.Options"/> (or through <c>POST /_emulator/options</c>) while the
/// emulator runs.
/// </summary>
public sealed class EmulatorOptions
{
    /// <summary>The largest video the file origin serves: the trailing 'free' box has a 32-bit size field.</summary>
    public const long MaxVideoBytes = uint.MaxValue;

    public string Urls { get; set; } = "http://127.0.0.1:0";

    public string FileUrls { get; set; } = "http://127.0.0.1:0";

    /// <summary>The bearer key the API accepts; null makes one up (<c>rf_live_</c> + random hex).</summary>
    public string? ApiKey { get; set; }

    public int QueuedMs { get; set; } = 1000;

    public int DispatchingMs { get; set; } = 500;

    public int RunningMs { get; set; } = 3000;

    /// <summary>At most this many runs dispatching or running at once; 0 means no cap.</summary>
    public int Concurrency { get; set; }

    /// <summary>Seeds every random choice (faults, run ids), so the same traffic meets the same faults.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>The starting credit in USD; change it later with <see cref="RunflowEmulator.SetBalance"/>.</summary>
    public decimal Balance { get; set; } = 1000m;

    public int UrlTtlSeconds { get; set; } = 600;

    /// <summary>The size of each served video; 0 means the sample plus a small marker box.</summary>
    public long VideoBytes { get; set; }

    /// <summary>A callback signing secret present from the start (<c>whsec_...</c>).</summary>
    public string? CallbackSecret { get; set; }

    /// <summary>Waits between callback delivery attempts; one more attempt than there are delays.</summary>
    public int[] CallbackRetryDelaysMs { get; set; } = { 1000, 4000, 16000 };

    public double Fault429Rate { get; set; }

    public double Fault429RetryAfterShare { get; set; } = 0.5;

    public double Fault5xxRate { get; set; }

    public double FaultDropBeforeCommitRate { get; set; }

    public double FaultDropAfterCommitRate { get; set; }

    public double FaultSlowRate { get; set; }

    public int FaultSlowMs { get; set; } = 2000;

    /// <summary>Share of run and batch creates that commit at once but answer only after <see cref="FaultSlowAfterCommitMs"/>.</summary>
    public double FaultSlowAfterCommitRate { get; set; }

    public int FaultSlowAfterCommitMs { get; set; } = 10000;

    public double FaultTruncateRate { get; set; }

    public double FaultFile5xxRate { get; set; }

    /// <summary>Ignore Idempotency-Key, as the real single-run route may.</summary>
    public bool NoIdempotency { get; set; }

    public string FailMarker { get; set; } = "[fail]";

    public string PartialMarker { get; set; } = "[partial]";

    /// <summary><c>next</c> (API reference: next/previous/first) or <c>next_pq</c> (concepts page: next_pq/prev_pq).</summary>
    public string PaginationStyle { get; set; } = "next";

    /// <summary><c>canceled</c> or <c>cancelled</c>.</summary>
    public string CancelSpelling { get; set; } = "canceled";

    /// <summary><c>standard</c> ({code,message,errors}), <c>nested</c> ({error:{code,message}}) or <c>detail</c> (FastAPI).</summary>
    public string ErrorStyle { get; set; } = "standard";

    /// <summary><c>decimal</c> ({balance:"..."}) or <c>cents</c> ({balance_cents,currency}).</summary>
    public string BalanceStyle { get; set; } = "decimal";

    /// <summary><c>failure_stage_code</c> or <c>failure_stage</c>.</summary>
    public string FailureStageField { get; set; } = "failure_stage_code";

    /// <summary>Output entries with only url and type.</summary>
    public bool MinimalOutputs { get; set; }

    /// <summary>Answer the batches route with 422, as Runflow does for models that are not template-backed.</summary>
    public bool NoBatches { get; set; }

    /// <summary><c>reference</c> ({input:[...]}), <c>guide</c> ({items:[{input}]}) or <c>both</c>.</summary>
    public string BatchShape { get; set; } = "both";

    /// <summary>The shortest time after its create before search sees a run; each run draws its own lag (seeded)
    /// between this and <see cref="SearchLagMaxMs"/>.</summary>
    public int SearchLagMinMs { get; set; }

    public int SearchLagMaxMs { get; set; }

    /// <summary>Refuse search filters naming client_ref (422), as a server with only the documented filters would.</summary>
    public bool NoClientRefFilter { get; set; }

    /// <summary>Refuse search filters naming id (422): runs can then only be found by created_at and status_code.</summary>
    public bool NoIdFilter { get; set; }

    /// <summary>Leave client_ref out of every run and batch object and callback.</summary>
    public bool NoClientRefEcho { get; set; }

    /// <summary>How long <c>GET /v1/runs/{id}</c> answers 404 after the create.</summary>
    public int NotFoundAfterCreateMs { get; set; }

    /// <summary>How long a batch's runs are unreadable (404, not in search, null items[].run_id) after the batch create.</summary>
    public int BatchRunsUnreadableMs { get; set; }

    /// <summary>A status outside the documented ones that runs which would succeed end with instead; empty means never.</summary>
    public string UnlistedTerminalStatus { get; set; } = string.Empty;

    /// <summary>The share of those runs (each drawn from the seed) that end with <see cref="UnlistedTerminalStatus"/>.</summary>
    public double UnlistedTerminalShare { get; set; } = 1;

    /// <summary>Answers echo the bearer token, as a misbehaving gateway's would (see <see cref="KeyEcho"/>).</summary>
    public bool EchoKey { get; set; }

    /// <summary>The text of <c>--help</c>: every option with its default.</summary>
    public static string HelpText => OptionCommandLine.Help();

    /// <summary>Reads command-line arguments (<c>--name value</c>, <c>--name=value</c>, bare switches); throws
    /// <see cref="ArgumentException"/> with a message fit for stderr on an unknown option or a bad value.</summary>
    public static EmulatorOptions Parse(string[] args) => OptionCommandLine.Parse(args);
}
