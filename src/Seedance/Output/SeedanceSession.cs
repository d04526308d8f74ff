using System;
using Seedance.Engine;
using Seedance.Engine.Ledger;

namespace Seedance;

/// <summary>
/// A connection to the Runflow API: the object <c>Connect-Seedance -PassThru</c> returns and
/// <c>Get-SeedanceContext</c> shows. It owns one thread-safe HTTP client shared by every cmdlet, runspace and
/// thread that uses the session. The API key is only ever shown masked.
/// </summary>
public sealed class SeedanceSession : IDisposable
{
    private readonly object ledgerGate = new();
    private CreateLedger? ledger;

    internal SeedanceSession(RunflowClient client, string source, string? ledgerPath = null)
    {
        Client = client;
        LedgerPath = System.IO.Path.GetFullPath(string.IsNullOrWhiteSpace(ledgerPath) ? CreateLedger.DefaultDirectory() : ledgerPath!);
        Source = source;
        CreatedAt = DateTimeOffset.Now;
        var options = client.Options;
        // Shown, never used to connect (the client keeps its own options): a password in a URL is masked here.
        BaseUri = Secrets.WithoutPassword(options.BaseUri);
        ApiKey = options.ApiKey?.Masked ?? "(none)";
        OrganizationId = options.OrganizationId;
        Proxy = options.Proxy is null ? null : Secrets.WithoutPassword(options.Proxy);
        TimeoutSec = (int)Math.Round(options.RequestTimeout.TotalSeconds);
        MaxRetries = Math.Max(0, options.Retry.MaxAttempts - 1);
        CommitWindowSec = (int)Math.Round(options.CommitWindow.TotalSeconds);
    }

    public Uri BaseUri { get; }

    /// <summary>The key's prefix followed by asterisks; the key itself is never exposed.</summary>
    public string ApiKey { get; }

    public string? OrganizationId { get; }

    /// <summary>The proxy, with the password of its user info masked (<c>http://user:****@proxy:3128/</c>).</summary>
    public Uri? Proxy { get; }

    public int TimeoutSec { get; }

    public int MaxRetries { get; }

    /// <summary>Seconds after a create was sent within which the server is taken to commit it (see Connect-Seedance).</summary>
    public int CommitWindowSec { get; }

    /// <summary>Where the session came from: <c>Connect-Seedance</c> or the RUNFLOW_* environment variables.</summary>
    public string Source { get; }

    public DateTimeOffset CreatedAt { get; }

    /// <summary>The account the key belongs to, as <c>GET /v1/auth/me</c> described it (empty when not validated).</summary>
    public string? Account { get; internal set; }

    public bool IsDisposed { get; private set; }

    /// <summary>The folder of the ledger of paid creates this session records in and consults.</summary>
    public string LedgerPath { get; }

    /// <summary>The ledger, opened on first use (a session that only reads runs never touches the disk).</summary>
    internal CreateLedger Ledger
    {
        get
        {
            lock (ledgerGate)
            {
                if (IsDisposed)
                {
                    throw new ObjectDisposedException(nameof(SeedanceSession));
                }

                // On the client's clock: the ledger's timestamps are compared with the client's (commit window, created_at).
                return ledger ??= CreateLedger.Open(LedgerPath, Client.Clock);
            }
        }
    }

    /// <summary>The ledger when this session has opened it (it created or looked up runs), else null: saving a video
    /// records its file in the ledger entry of a run this session knows, and opens no ledger for that.</summary>
    internal CreateLedger? LedgerIfOpen
    {
        get
        {
            lock (ledgerGate)
            {
                return IsDisposed ? null : ledger;
            }
        }
    }

    internal RunflowClient Client { get; }

    /// <summary>The runs this session created, read or emitted, for tab completion of run ids and client refs.</summary>
    internal Infrastructure.RecentRuns RecentRuns { get; } = new();

    /// <summary>What a cmdlet does with every run of this session just before it emits it: the run joins the recent runs
    /// for tab completion and, once it has ended, its end and cost are recorded in the ledger.</summary>
    internal void Remember(SeedanceRun run)
    {
        RecentRuns.Remember(run);
        NoteEnded(run.Details);
    }

    /// <summary>Records how a run of this session's ledger ended and what it cost (runs the ledger does not know are
    /// ignored; a session whose ledger was never opened does not open it for this).</summary>
    internal void NoteEnded(Run run)
    {
        if (LedgerIfOpen is { } open && run.IsTerminal)
        {
            try
            {
                open.RecordFinished(run);
            }
            catch (System.IO.IOException)
            {
                // The ledger folder went away or is locked for too long: the run is still emitted; the next read of the
                // run records its end.
            }
        }
    }

    public override string ToString() => $"Seedance session {BaseUri} (key {ApiKey})";

    public void Dispose()
    {
        if (!IsDisposed)
        {
            lock (ledgerGate)
            {
                IsDisposed = true;
                ledger?.Dispose();
            }

            Client.Dispose();
        }
    }
}
