using System;
using System.Collections.Generic;
using System.Linq;
using Seedance.Emulator;

namespace Seedance.Shell.Tests.Conformance;

/// <summary>Each server behaviour the docs allow, alone, all together and in named mixes.</summary>
public static class ServerVariants
{
    private static readonly Action<EmulatorOptions> NoIdempotency = options => options.NoIdempotency = true;
    private static readonly Action<EmulatorOptions> SearchLag = options => (options.SearchLagMinMs, options.SearchLagMaxMs) = (1500, 3000);
    private static readonly Action<EmulatorOptions> NoClientRefFilter = options => options.NoClientRefFilter = true;
    private static readonly Action<EmulatorOptions> NoClientRefEcho = options => options.NoClientRefEcho = true;
    private static readonly Action<EmulatorOptions> NotFoundAfterCreate = options => options.NotFoundAfterCreateMs = 2000;
    private static readonly Action<EmulatorOptions> BatchRunsUnreadable = options => options.BatchRunsUnreadableMs = 3000;
    private static readonly Action<EmulatorOptions> UnlistedStatus = options => (options.UnlistedTerminalStatus, options.UnlistedTerminalShare) = ("expired", 0.25);
    private static readonly Action<EmulatorOptions> GuideBatchShape = options => options.BatchShape = "guide";
    private static readonly Action<EmulatorOptions> LateCommit = options => (options.FaultSlowAfterCommitRate, options.FaultSlowAfterCommitMs) = (0.2, 2500);
    private static readonly Action<EmulatorOptions> Drops = options => (options.FaultDropBeforeCommitRate, options.FaultDropAfterCommitRate) = (0.1, 0.1);

    // The emulator commits a create at once or, with LateCommit, holds its answer 2.5 s: a 3 s window is its truth.
    private const string Window = "-CommitWindowSec 3";
    private const string ShortTimeout = "-CommitWindowSec 3 -TimeoutSec 1";

    public static IReadOnlyList<ServerVariant> All { get; } = new[]
    {
        new ServerVariant("documented defaults", _ => { }, connectArguments: Window),
        new ServerVariant("no Idempotency-Key on single creates", NoIdempotency, connectArguments: Window),
        new ServerVariant("search lags 1.5-3 s", SearchLag, connectArguments: Window),
        new ServerVariant("no client_ref filter", NoClientRefFilter, connectArguments: Window),
        new ServerVariant("no client_ref echo", NoClientRefEcho, connectArguments: Window),
        new ServerVariant("404 for 2 s after create", NotFoundAfterCreate, connectArguments: Window),
        new ServerVariant("batch runs unreadable 3 s", BatchRunsUnreadable, batch: true, connectArguments: Window),
        new ServerVariant("unlisted terminal status", UnlistedStatus, connectArguments: Window),
        new ServerVariant("guide's batch shape", GuideBatchShape, batch: true, connectArguments: Window),
        new ServerVariant("commit after the client's timeout", LateCommit, connectArguments: ShortTimeout, realTime: true),
        new ServerVariant("all together", Combine(NoIdempotency, SearchLag, NoClientRefFilter, NoClientRefEcho, NotFoundAfterCreate,
            BatchRunsUnreadable, UnlistedStatus, LateCommit, Drops), connectArguments: ShortTimeout, realTime: true),
        new ServerVariant("all together, batches", Combine(NoIdempotency, SearchLag, NoClientRefFilter, NoClientRefEcho, NotFoundAfterCreate,
            BatchRunsUnreadable, UnlistedStatus, GuideBatchShape, LateCommit, Drops), batch: true, connectArguments: ShortTimeout, realTime: true),
        new ServerVariant("idempotency off, lag and drops", Combine(NoIdempotency, SearchLag, Drops), connectArguments: Window),
        new ServerVariant("no client_ref filter and drops", Combine(NoClientRefFilter, Drops), connectArguments: Window),
        new ServerVariant("batches with a 404 window", Combine(NotFoundAfterCreate, BatchRunsUnreadable), batch: true, connectArguments: Window),
    };

    public static IEnumerable<object[]> Names => All.Select(variant => new object[] { variant.Name });

    public static ServerVariant Named(string name) => All.Single(variant => variant.Name == name);

    private static Action<EmulatorOptions> Combine(params Action<EmulatorOptions>[] parts) => options =>
    {
        foreach (var part in parts)
        {
            part(options);
        }
    };
}
