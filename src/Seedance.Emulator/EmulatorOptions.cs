using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Seedance.Emulator;

/// <summary>
/// Every setting of the emulator. Timings, fault rates and switches are read on each request, so a test can change
/// them while the emulator runs.
/// </summary>
public sealed class EmulatorOptions
{
    public string Urls { get; set; } = "http://127.0.0.1:0";

    public string FileUrls { get; set; } = "http://127.0.0.1:0";

    public string? ApiKey { get; set; }

    public int QueuedMs { get; set; } = 1000;

    public int DispatchingMs { get; set; } = 500;

    public int RunningMs { get; set; } = 3000;

    /// <summary>At most this many runs dispatching or running at once; 0 means no cap.</summary>
    public int Concurrency { get; set; }

    public int Seed { get; set; } = 1;

    public decimal Balance { get; set; } = 1000m;

    public int UrlTtlSeconds { get; set; } = 600;

    /// <summary>The size of each served video; 0 means the sample plus a small marker box.</summary>
    public long VideoBytes { get; set; }

    public string? CallbackSecret { get; set; }

    public int[] CallbackRetryDelaysMs { get; set; } = { 1000, 4000, 16000 };

    public double Fault429Rate { get; set; }

    public double Fault429RetryAfterShare { get; set; } = 0.5;

    public double Fault5xxRate { get; set; }

    public double FaultDropBeforeCommitRate { get; set; }

    public double FaultDropAfterCommitRate { get; set; }

    public double FaultSlowRate { get; set; }

    public int FaultSlowMs { get; set; } = 2000;

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

    public static string HelpText => BuildHelp();

    private static readonly (string Name, string Value, string Description)[] Documented =
    {
        ("--urls", "http://127.0.0.1:0", "API origin (port 0 picks a free port)"),
        ("--file-urls", "http://127.0.0.1:0", "file origin for presigned output/upload URLs (a different origin)"),
        ("--api-key", "(random rf_live_...)", "the bearer key the API accepts"),
        ("--queued-ms", "1000", "time a run stays queued (once a slot is free)"),
        ("--dispatching-ms", "500", "time a run stays dispatching"),
        ("--running-ms", "3000", "time a run stays running"),
        ("--concurrency", "0", "runs dispatching/running at once (0 = no cap)"),
        ("--seed", "1", "seed of every random choice (faults)"),
        ("--balance", "1000", "starting credit in USD; creates get 402 at or below 0"),
        ("--url-ttl-seconds", "600", "presigned URL lifetime"),
        ("--video-bytes", "0", "size of each served MP4 (0 = sample size)"),
        ("--callback-secret", "(none)", "a callback signing secret (whsec_...) from the start"),
        ("--callback-retry-delays-ms", "1000,4000,16000", "delays between callback delivery attempts"),
        ("--fault-429-rate", "0", "share of API requests answered 429"),
        ("--fault-429-retry-after-share", "0.5", "share of those 429s that carry Retry-After: 1"),
        ("--fault-5xx-rate", "0", "share of API requests answered 500/502/503"),
        ("--fault-drop-before-commit-rate", "0", "share of creates whose connection drops before the run exists"),
        ("--fault-drop-after-commit-rate", "0", "share of creates whose connection drops after the run exists"),
        ("--fault-slow-rate", "0", "share of API requests delayed by --fault-slow-ms"),
        ("--fault-slow-ms", "2000", "delay of a slow response"),
        ("--fault-truncate-rate", "0", "share of downloads cut off half way"),
        ("--fault-file-5xx-rate", "0", "share of file requests answered 503"),
        ("--no-idempotency", "", "ignore Idempotency-Key"),
        ("--fail-marker", "[fail]", "a prompt containing it ends failed"),
        ("--pagination-style", "next", "next | next_pq"),
        ("--cancel-spelling", "canceled", "canceled | cancelled"),
        ("--error-style", "standard", "standard | nested | detail"),
        ("--balance-style", "decimal", "decimal | cents"),
        ("--failure-stage-field", "failure_stage_code", "failure_stage_code | failure_stage"),
        ("--minimal-outputs", "", "output entries carry only url and type"),
        ("--no-batches", "", "refuse the batches route with 422, as for models that are not template-backed"),
        ("--help", "", "this text"),
    };

    public static EmulatorOptions Parse(string[] args)
    {
        var options = new EmulatorOptions();
        for (var index = 0; index < args.Length; index++)
        {
            var name = args[index];
            string Value()
            {
                if (index + 1 >= args.Length)
                {
                    throw new ArgumentException($"{name} needs a value.");
                }

                return args[++index];
            }

            switch (name)
            {
                case "--urls": options.Urls = Value(); break;
                case "--file-urls": options.FileUrls = Value(); break;
                case "--api-key": options.ApiKey = Value(); break;
                case "--queued-ms": options.QueuedMs = Int(name, Value(), 0); break;
                case "--dispatching-ms": options.DispatchingMs = Int(name, Value(), 0); break;
                case "--running-ms": options.RunningMs = Int(name, Value(), 0); break;
                case "--concurrency": options.Concurrency = Int(name, Value(), 0); break;
                case "--seed": options.Seed = Int(name, Value(), int.MinValue); break;
                case "--balance": options.Balance = Decimal(name, Value()); break;
                case "--url-ttl-seconds": options.UrlTtlSeconds = Int(name, Value(), 1); break;
                case "--video-bytes": options.VideoBytes = Long(name, Value()); break;
                case "--callback-secret": options.CallbackSecret = Value(); break;
                case "--callback-retry-delays-ms":
                    options.CallbackRetryDelaysMs = Value().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(part => Int(name, part.Trim(), 0)).ToArray();
                    break;
                case "--fault-429-rate": options.Fault429Rate = Rate(name, Value()); break;
                case "--fault-429-retry-after-share": options.Fault429RetryAfterShare = Rate(name, Value()); break;
                case "--fault-5xx-rate": options.Fault5xxRate = Rate(name, Value()); break;
                case "--fault-drop-before-commit-rate": options.FaultDropBeforeCommitRate = Rate(name, Value()); break;
                case "--fault-drop-after-commit-rate": options.FaultDropAfterCommitRate = Rate(name, Value()); break;
                case "--fault-slow-rate": options.FaultSlowRate = Rate(name, Value()); break;
                case "--fault-slow-ms": options.FaultSlowMs = Int(name, Value(), 0); break;
                case "--fault-truncate-rate": options.FaultTruncateRate = Rate(name, Value()); break;
                case "--fault-file-5xx-rate": options.FaultFile5xxRate = Rate(name, Value()); break;
                case "--no-idempotency": options.NoIdempotency = true; break;
                case "--fail-marker": options.FailMarker = Value(); break;
                case "--pagination-style": options.PaginationStyle = OneOf(name, Value(), "next", "next_pq"); break;
                case "--cancel-spelling": options.CancelSpelling = OneOf(name, Value(), "canceled", "cancelled"); break;
                case "--error-style": options.ErrorStyle = OneOf(name, Value(), "standard", "nested", "detail"); break;
                case "--balance-style": options.BalanceStyle = OneOf(name, Value(), "decimal", "cents"); break;
                case "--failure-stage-field": options.FailureStageField = OneOf(name, Value(), "failure_stage_code", "failure_stage"); break;
                case "--minimal-outputs": options.MinimalOutputs = true; break;
                case "--no-batches": options.NoBatches = true; break;
                default: throw new ArgumentException($"Unknown option {name}. Run with --help for the list.");
            }
        }

        return options;
    }

    private static string BuildHelp()
    {
        var text = new StringBuilder("Seedance.Emulator: a local Runflow API for Seedance 2.0 (runs, files, callbacks, faults).\n\nOptions:\n");
        foreach (var (name, value, description) in Documented)
        {
            text.Append("  ").Append(name.PadRight(32)).Append(description);
            if (value.Length > 0)
            {
                text.Append(" (default ").Append(value).Append(')');
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    private static int Int(string name, string value, int minimum) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && parsed >= minimum
            ? parsed
            : throw new ArgumentException($"{name} takes a whole number of at least {minimum}, not '{value}'.");

    private static long Long(string name, string value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && parsed >= 0
            ? parsed
            : throw new ArgumentException($"{name} takes a byte count, not '{value}'.");

    private static decimal Decimal(string name, string value) =>
        decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw new ArgumentException($"{name} takes an amount in USD, not '{value}'.");

    private static double Rate(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && parsed is >= 0 and <= 1
            ? parsed
            : throw new ArgumentException($"{name} takes a share from 0 to 1, not '{value}'.");

    private static string OneOf(string name, string value, params string[] allowed) =>
        allowed.Contains(value, StringComparer.Ordinal)
            ? value
            : throw new ArgumentException($"{name} takes {string.Join(" or ", allowed)}, not '{value}'.");
}
