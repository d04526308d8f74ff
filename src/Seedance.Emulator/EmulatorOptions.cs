using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

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

    /// <summary>Answers echo the bearer token, as a misbehaving gateway's would (see <see cref="KeyEcho"/>).</summary>
    public bool EchoKey { get; set; }

    public static string HelpText => BuildHelp();

    /// <summary>Every option; the order is the order of <c>--help</c>.</summary>
    internal static IReadOnlyList<OptionDefinition> Definitions { get; } = new[]
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
        new OptionDefinition("--video-bytes", OptionKind.Number, "size of each served MP4 (0 = sample size; at most 4294967295)", o => o.VideoBytes.ToString(CultureInfo.InvariantCulture),
            (o, v) => o.VideoBytes = Long("--video-bytes", v, 0, MaxVideoBytes)),
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
        new OptionDefinition("--fault-slow-rate", OptionKind.Number, "share of API requests delayed by --fault-slow-ms", o => Text(o.FaultSlowRate),
            (o, v) => o.FaultSlowRate = Rate("--fault-slow-rate", v)),
        new OptionDefinition("--fault-slow-ms", OptionKind.Number, "delay of a slow response", o => Text(o.FaultSlowMs),
            (o, v) => o.FaultSlowMs = Int("--fault-slow-ms", v, 0)),
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
        new OptionDefinition("--echo-key", OptionKind.Switch, "echo the bearer token in request ids, error codes, messages, field errors and failure messages", o => Text(o.EchoKey),
            (o, v) => o.EchoKey = Switch("--echo-key", v)),
    };

    /// <summary>Reads command-line arguments (<c>--name value</c>, <c>--name=value</c>, bare switches); throws
    /// <see cref="ArgumentException"/> with a message fit for stderr on an unknown option or a bad value.</summary>
    public static EmulatorOptions Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new EmulatorOptions();
        for (var index = 0; index < args.Length; index++)
        {
            var argument = args[index];
            var equals = argument.StartsWith("--", StringComparison.Ordinal) ? argument.IndexOf('=') : -1;
            var name = equals > 0 ? argument[..equals] : argument;
            var definition = Definitions.FirstOrDefault(candidate => candidate.Flag == name)
                ?? throw new ArgumentException($"Unknown option '{name}'. Run with --help for the list.");
            string value;
            if (equals > 0)
            {
                value = argument[(equals + 1)..];
            }
            else if (definition.IsSwitch)
            {
                value = "true";
            }
            else if (index + 1 < args.Length)
            {
                value = args[++index];
            }
            else
            {
                throw new ArgumentException($"{name} needs a value.");
            }

            definition.Apply(options, value);
        }

        return options;
    }

    /// <summary>Changes one live setting by its snake_case name; throws <see cref="ArgumentException"/> when the name is
    /// unknown, the setting cannot change while running, or the value is bad.</summary>
    internal void ApplyLive(string jsonName, string value)
    {
        var definition = Definitions.FirstOrDefault(candidate => candidate.JsonName == jsonName)
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

        definition.Apply(this, value);
    }

    private static string BuildHelp()
    {
        var defaults = new EmulatorOptions();
        var text = new StringBuilder("Seedance.Emulator: a local Runflow API for Seedance 2.0 (runs, presigned files, callbacks, faults).\n\n")
            .Append("Usage: Seedance.Emulator [--option value | --option=value | --switch]...\n")
            .Append("Prints one JSON line {api_url, file_url, api_key, callback_secret}, then serves until Ctrl+C or SIGTERM.\n\nOptions:\n");
        var width = Definitions.Max(definition => definition.Flag.Length) + 2;
        foreach (var definition in Definitions)
        {
            text.Append("  ").Append(definition.Flag.PadRight(width)).Append(definition.Description);
            text.Append(definition.IsSwitch ? " (a switch; default off)" : " (default " + Shown(definition.Current(defaults)) + ")");
            text.Append('\n');
        }

        text.Append("  ").Append("--help".PadRight(width)).Append("this text\n");
        text.Append("\nA bad option or value prints a message on stderr and exits with code 2.\n");
        return text.ToString();
    }

    private static string Shown(string value) => value.Length == 0 ? "empty" : value;

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(bool value) => value ? "true" : "false";

    private static int Int(string name, string value, int minimum) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) && parsed >= minimum
            ? parsed
            : throw new ArgumentException($"{name} takes a whole number of at least {minimum}, not '{value}'.");

    private static long Long(string name, string value, long minimum, long maximum) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed >= minimum && parsed <= maximum
            ? parsed
            : throw new ArgumentException($"{name} takes a whole number from {minimum} to {maximum}, not '{value}'.");

    private static decimal Money(string name, string value) =>
        decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw new ArgumentException($"{name} takes an amount in USD such as 12.50, not '{value}'.");

    private static double Rate(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && parsed is >= 0 and <= 1
            ? parsed
            : throw new ArgumentException($"{name} takes a share from 0 to 1, not '{value}'.");

    private static bool Switch(string name, string value) => value switch
    {
        "true" => true,
        "false" => false,
        _ => throw new ArgumentException($"{name} is a switch: true or false, not '{value}'."),
    };

    private static int[] Delays(string name, string value)
    {
        var parts = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length > 20)
        {
            throw new ArgumentException($"{name} takes at most 20 delays, not {parts.Length}.");
        }

        return parts.Select(part => Int(name, part, 0)).ToArray();
    }

    private static string OneOf(string name, string value, params string[] allowed) =>
        allowed.Contains(value, StringComparer.Ordinal)
            ? value
            : throw new ArgumentException($"{name} takes {string.Join(" or ", allowed)}, not '{value}'.");

    private static string Token(string name, string value) =>
        value.Length > 0 && value.All(character => character is > ' ' and < (char)127)
            ? value
            : throw new ArgumentException($"{name} takes a non-empty value of printable ASCII without spaces.");

    private static string HttpUrls(string name, string value)
    {
        var urls = value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (urls.Length == 0)
        {
            throw new ArgumentException($"{name} takes at least one URL such as http://127.0.0.1:8787.");
        }

        foreach (var url in urls)
        {
            // Kestrel's wildcard hosts (* and +) are not valid URI hosts, so they are checked with a stand-in.
            var checkable = url.Replace("://*", "://wildcard", StringComparison.Ordinal).Replace("://+", "://wildcard", StringComparison.Ordinal);
            if (!Uri.TryCreate(checkable, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || uri.AbsolutePath != "/"
                || uri.Query.Length > 0 || uri.UserInfo.Length > 0)
            {
                throw new ArgumentException($"{name} takes plain http://host:port URLs (no path, no https), not '{url}'.");
            }
        }

        return string.Join(';', urls);
    }
}
