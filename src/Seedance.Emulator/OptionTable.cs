using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using static Seedance.Emulator.OptionValues;

namespace Seedance.Emulator;

/// <summary>The option table: one line of --help, one command-line flag and one /_emulator/options name per setting.</summary>
internal static class OptionTable
{
    /// <summary>Every option; the order is the order of <c>--help</c>.</summary>
    public static IReadOnlyList<OptionDefinition> All { get; } = new[]
    {
        new OptionDefinition("--urls", OptionKind.Text, "API origin, ';'-separated (port 0 picks a free port)", o => o.Urls,
            (o, v) => o.Urls = HttpUrls("--urls", v), isLive: false),
        new OptionDefinition("--file-urls", OptionKind.Text, "file origin for presigned output/upload URLs (a different origin)", o => o.FileUrls,
            (o, v) => o.FileUrls = HttpUrls("--file-urls", v), isLive: false),
        new OptionDefinition("--api-key", OptionKind.Text, "the bearer key the API accepts", o => o.ApiKey ?? "(random rf_live_...)",
            (o, v) => o.ApiKey = Token("--api-key", v), isLive: false),
        new OptionDefinition("--queued-ms", OptionKind.Number, "time a run stays queued (and until a slot is free)", o => Text(o.QueuedMs),
            (o, v) => o.QueuedMs = Int("--queued-ms", v, 0)),
        new OptionDefinition("--dispatching-ms", OptionKind.Number, "time a run stays dispatching", o => Text(o.DispatchingMs),
            (o, v) => o.DispatchingMs = Int("--dispatching-ms", v, 0)),
        new OptionDefinition("--running-ms", OptionKind.Number, "time a run stays running", o => Text(o.RunningMs),
            (o, v) => o.RunningMs = Int("--running-ms", v, 0)),
        new OptionDefinition("--concurrency", OptionKind.Number, "runs dispatching/running at once (0 = no cap)", o => Text(o.Concurrency),
            (o, v) => o.Concurrency = Int("--concurrency", v, 0)),
        new OptionDefinition("--seed", OptionKind.Number, "seed of every random choice (faults, run ids)", o => Text(o.Seed),
            (o, v) => o.Seed = Int("--seed", v, int.MinValue), isLive: false),
        new OptionDefinition("--balance", OptionKind.Number, "starting credit in USD; creates get 402 at or below 0", o => o.Balance.ToString(CultureInfo.InvariantCulture),
            (o, v) => o.Balance = Money("--balance", v), isLive: false),
        new OptionDefinition("--url-ttl-seconds", OptionKind.Number, "presigned URL lifetime", o => Text(o.UrlTtlSeconds),
            (o, v) => o.UrlTtlSeconds = Int("--url-ttl-seconds", v, 1)),
        new OptionDefinition("--video-bytes", OptionKind.Number, "size of each served MP4 (0 = natural size; at most 4294967295)", o => o.VideoBytes.ToString(CultureInfo.InvariantCulture),
            (o, v) => o.VideoBytes = Long("--video-bytes", v, 0, EmulatorOptions.MaxVideoBytes)),
        new OptionDefinition("--callback-secret", OptionKind.Text, "a callback signing secret (whsec_...) from the start", o => o.CallbackSecret ?? "(none)",
            (o, v) => o.CallbackSecret = Token("--callback-secret", v), isLive: false),
        new OptionDefinition("--callback-retry-delays-ms", OptionKind.NumberList, "comma list of waits between callback attempts", o => string.Join(',', o.CallbackRetryDelaysMs),
            (o, v) => o.CallbackRetryDelaysMs = Delays("--callback-retry-delays-ms", v)),
        new OptionDefinition("--fault-429-rate", OptionKind.Number, "share of API requests answered 429", o => Text(o.Fault429Rate),
            (o, v) => o.Fault429Rate = Rate("--fault-429-rate", v)),
        new OptionDefinition("--fault-429-retry-after-share", OptionKind.Number, "share of those 429s that carry Retry-After: 1", o => Text(o.Fault429RetryAfterShare),
            (o, v) => o.Fault429RetryAfterShare = Rate("--fault-429-retry-after-share", v)),
        new OptionDefinition("--fault-5xx-rate", OptionKind.Number, "share of API requests answered 500/502/503", o => Text(o.Fault5xxRate),
            (o, v) => o.Fault5xxRate = Rate("--fault-5xx-rate", v)),
        new OptionDefinition("--fault-drop-before-commit-rate", OptionKind.Number, "share of run and batch creates whose connection drops before anything exists", o => Text(o.FaultDropBeforeCommitRate),
            (o, v) => o.FaultDropBeforeCommitRate = Rate("--fault-drop-before-commit-rate", v)),
        new OptionDefinition("--fault-drop-after-commit-rate", OptionKind.Number, "share of run and batch creates whose connection drops after the runs exist", o => Text(o.FaultDropAfterCommitRate),
            (o, v) => o.FaultDropAfterCommitRate = Rate("--fault-drop-after-commit-rate", v)),
        new OptionDefinition("--fault-slow-rate", OptionKind.Number,
            "share of API requests delayed by --fault-slow-ms before they are handled: a client that gives up first leaves no run behind (for one that does, see --fault-slow-after-commit-rate)",
            o => Text(o.FaultSlowRate),
            (o, v) => o.FaultSlowRate = Rate("--fault-slow-rate", v)),
        new OptionDefinition("--fault-slow-ms", OptionKind.Number, "delay of a slow response", o => Text(o.FaultSlowMs),
            (o, v) => o.FaultSlowMs = Int("--fault-slow-ms", v, 0)),
        new OptionDefinition("--fault-slow-after-commit-rate", OptionKind.Number,
            "share of run and batch creates that commit at once, then hold their 201 for --fault-slow-after-commit-ms: a client that times out first leaves the run behind",
            o => Text(o.FaultSlowAfterCommitRate), (o, v) => o.FaultSlowAfterCommitRate = Rate("--fault-slow-after-commit-rate", v)),
        new OptionDefinition("--fault-slow-after-commit-ms", OptionKind.Number, "how long such a committed create holds its answer", o => Text(o.FaultSlowAfterCommitMs),
            (o, v) => o.FaultSlowAfterCommitMs = Int("--fault-slow-after-commit-ms", v, 0)),
        new OptionDefinition("--fault-truncate-rate", OptionKind.Number, "share of downloads cut off half way", o => Text(o.FaultTruncateRate),
            (o, v) => o.FaultTruncateRate = Rate("--fault-truncate-rate", v)),
        new OptionDefinition("--fault-file-5xx-rate", OptionKind.Number, "share of file-origin requests answered 500 or 503", o => Text(o.FaultFile5xxRate),
            (o, v) => o.FaultFile5xxRate = Rate("--fault-file-5xx-rate", v)),
        new OptionDefinition("--no-idempotency", OptionKind.Switch, "ignore the Idempotency-Key header", o => Text(o.NoIdempotency),
            (o, v) => o.NoIdempotency = Switch("--no-idempotency", v)),
        new OptionDefinition("--fail-marker", OptionKind.Text, "a prompt containing it ends failed (empty = never)", o => o.FailMarker,
            (o, v) => o.FailMarker = v),
        new OptionDefinition("--partial-marker", OptionKind.Text, "a prompt containing it ends partial_succeeded (empty = never)", o => o.PartialMarker,
            (o, v) => o.PartialMarker = v),
        new OptionDefinition("--pagination-style", OptionKind.Text, "next (next/previous/first) | next_pq (next_pq/prev_pq)", o => o.PaginationStyle,
            (o, v) => o.PaginationStyle = OneOf("--pagination-style", v, "next", "next_pq")),
        new OptionDefinition("--cancel-spelling", OptionKind.Text, "canceled | cancelled", o => o.CancelSpelling,
            (o, v) => o.CancelSpelling = OneOf("--cancel-spelling", v, "canceled", "cancelled")),
        new OptionDefinition("--error-style", OptionKind.Text, "standard ({code,message,errors}) | nested ({error:{...}}) | detail (FastAPI)", o => o.ErrorStyle,
            (o, v) => o.ErrorStyle = OneOf("--error-style", v, "standard", "nested", "detail")),
        new OptionDefinition("--balance-style", OptionKind.Text, "decimal ({balance:\"...\"}) | cents ({balance_cents,currency})", o => o.BalanceStyle,
            (o, v) => o.BalanceStyle = OneOf("--balance-style", v, "decimal", "cents")),
        new OptionDefinition("--failure-stage-field", OptionKind.Text, "failure_stage_code | failure_stage", o => o.FailureStageField,
            (o, v) => o.FailureStageField = OneOf("--failure-stage-field", v, "failure_stage_code", "failure_stage")),
        new OptionDefinition("--minimal-outputs", OptionKind.Switch, "output entries carry only url and type", o => Text(o.MinimalOutputs),
            (o, v) => o.MinimalOutputs = Switch("--minimal-outputs", v)),
        new OptionDefinition("--no-batches", OptionKind.Switch, "refuse the batches route with 422, as for models that are not template-backed", o => Text(o.NoBatches),
            (o, v) => o.NoBatches = Switch("--no-batches", v)),
        new OptionDefinition("--batch-shape", OptionKind.Text, "batch bodies taken: reference ({input:[...]}) | guide ({items:[{input}]}) | both; with one, the other is refused with 422",
            o => o.BatchShape, (o, v) => o.BatchShape = OneOf("--batch-shape", v, "reference", "guide", "both")),
        new OptionDefinition("--search-lag-ms", OptionKind.Text,
            "search (GET /v1/runs) finds a run only this long after its create, for every filter: N, or MIN-MAX for a seeded lag per run; GET /v1/runs/{id} is not delayed",
            o => Span(o.SearchLagMinMs, o.SearchLagMaxMs), (o, v) => (o.SearchLagMinMs, o.SearchLagMaxMs) = Span("--search-lag-ms", v)),
        new OptionDefinition("--no-client-ref-filter", OptionKind.Switch,
            "search refuses a q naming client_ref with 422 (status_code, created_at and, unless --no-id-filter, id: lists still work)", o => Text(o.NoClientRefFilter),
            (o, v) => o.NoClientRefFilter = Switch("--no-client-ref-filter", v)),
        new OptionDefinition("--no-id-filter", OptionKind.Switch, "search refuses a q naming id with 422, so no id: lists", o => Text(o.NoIdFilter),
            (o, v) => o.NoIdFilter = Switch("--no-id-filter", v)),
        new OptionDefinition("--no-client-ref-echo", OptionKind.Switch,
            "run objects (create, get, search), batch items and callbacks never carry client_ref", o => Text(o.NoClientRefEcho),
            (o, v) => o.NoClientRefEcho = Switch("--no-client-ref-echo", v)),
        new OptionDefinition("--not-found-after-create-ms", OptionKind.Number,
            "GET /v1/runs/{id} answers 404 RUN_NOT_FOUND for this long after the create (search is not affected)", o => Text(o.NotFoundAfterCreateMs),
            (o, v) => o.NotFoundAfterCreateMs = Int("--not-found-after-create-ms", v, 0)),
        new OptionDefinition("--batch-runs-unreadable-ms", OptionKind.Number,
            "for this long after a batch create its runs answer 404, are missing from search, and items[].run_id is null", o => Text(o.BatchRunsUnreadableMs),
            (o, v) => o.BatchRunsUnreadableMs = Int("--batch-runs-unreadable-ms", v, 0)),
        new OptionDefinition("--unlisted-terminal-status", OptionKind.Text,
            "a status the docs do not list (e.g. expired) that runs which would succeed end with: completed_at set, failure_code RUN_<STATUS>, no output, no charge (empty = never)",
            o => o.UnlistedTerminalStatus, (o, v) => o.UnlistedTerminalStatus = UnlistedStatus("--unlisted-terminal-status", v)),
        new OptionDefinition("--unlisted-terminal-share", OptionKind.Number, "share of those runs (drawn per run from the seed) that end with it",
            o => Text(o.UnlistedTerminalShare), (o, v) => o.UnlistedTerminalShare = Rate("--unlisted-terminal-share", v)),
        new OptionDefinition("--echo-key", OptionKind.Switch, "echo the bearer token in request ids, error codes, messages, field errors and failure messages", o => Text(o.EchoKey),
            (o, v) => o.EchoKey = Switch("--echo-key", v)),
    };

    /// <summary>Changes one live setting by its snake_case name; throws <see cref="ArgumentException"/> when the name is
    /// unknown, the setting cannot change while running, or the value is bad.</summary>
    public static void ApplyLive(EmulatorOptions options, string jsonName, string value)
    {
        var definition = All.FirstOrDefault(candidate => candidate.JsonName == jsonName)
            ?? throw new ArgumentException($"Unknown option '{jsonName}'.");
        if (!definition.IsLive)
        {
            throw new ArgumentException($"'{jsonName}' is fixed at start-up" + jsonName switch
            {
                "balance" => "; use POST /_emulator/balance.",
                "callback_secret" => "; create one with POST /v1/callback-secrets.",
                _ => ".",
            });
        }

        definition.Apply(options, value);
    }

    /// <summary>New options with the live settings of <paramref name="source"/>, to try changes on.</summary>
    public static EmulatorOptions CopyLive(EmulatorOptions source)
    {
        var copy = new EmulatorOptions();
        foreach (var definition in All.Where(definition => definition.IsLive))
        {
            definition.Apply(copy, definition.Current(source));
        }

        return copy;
    }
}
