using System;
using System.Collections.Concurrent;
using System.Management.Automation.Runspaces;
using Seedance.Engine;

namespace Seedance.Infrastructure;

/// <summary>
/// Finds the session a cmdlet should use: the explicit <c>-Session</c>, else the one connected in this runspace,
/// else the one most recently connected anywhere in the process (so <c>ForEach-Object -Parallel</c> and thread
/// jobs inherit it without new code), else one built from RUNFLOW_API_KEY / RUNFLOW_BASE_URL.
/// </summary>
internal static class SessionRegistry
{
    private static readonly ConcurrentDictionary<Guid, SeedanceSession> SessionsByRunspace = new();
    private static readonly object EnvironmentLock = new();
    private static SeedanceSession? processDefault;
    private static SeedanceSession? environmentSession;
    private static string? environmentFingerprint;

    public static void SetForCurrentRunspace(SeedanceSession session)
    {
        // A replaced session is not disposed: a variable from an earlier Connect-Seedance -PassThru may still use it.
        SessionsByRunspace[CurrentRunspaceId()] = session;
        processDefault = session;
    }

    public static SeedanceSession? RemoveForCurrentRunspace()
    {
        var runspaceId = CurrentRunspaceId();
        if (!SessionsByRunspace.TryRemove(runspaceId, out var removed))
        {
            return null;
        }

        if (ReferenceEquals(processDefault, removed))
        {
            processDefault = null;
        }

        ReleaseIfUnused(removed, runspaceId);
        return removed;
    }

    /// <summary>Closes a given session wherever it is set (Disconnect-Seedance -Session): every runspace that used it
    /// falls back as if it had disconnected.</summary>
    public static void Close(SeedanceSession session)
    {
        foreach (var pair in SessionsByRunspace)
        {
            if (ReferenceEquals(pair.Value, session))
            {
                SessionsByRunspace.TryRemove(pair.Key, out _);
            }
        }

        if (ReferenceEquals(processDefault, session))
        {
            processDefault = null;
        }

        session.Dispose();
    }

    public static SeedanceSession? Current()
    {
        if (SessionsByRunspace.TryGetValue(CurrentRunspaceId(), out var own))
        {
            return own;
        }

        return processDefault;
    }

    /// <summary>The session a cmdlet would use, if one exists already; never builds one (for tab completion, which
    /// must not read environment variables into a new client on every key press).</summary>
    public static SeedanceSession? Existing()
    {
        var connected = Current();
        if (connected is not null && !connected.IsDisposed)
        {
            return connected;
        }

        lock (EnvironmentLock)
        {
            return environmentSession is { IsDisposed: false } built ? built : null;
        }
    }

    /// <summary>The session to use, creating the environment-variable session on first need.</summary>
    public static SeedanceSession Resolve(SeedanceSession? explicitSession)
    {
        if (explicitSession is not null)
        {
            return explicitSession;
        }

        var connected = Current();
        if (connected is not null && !connected.IsDisposed)
        {
            return connected;
        }

        return FromEnvironment();
    }

    private static SeedanceSession FromEnvironment()
    {
        var options = RunflowClientOptions.FromEnvironment();
        if (options.ApiKey is null)
        {
            throw new RunflowConfigurationException(
                "No Seedance session: run Connect-Seedance, or set the RUNFLOW_API_KEY environment variable.");
        }

        // One client per distinct environment setting, shared process-wide: a fingerprint (not the key itself) tells
        // whether the variables changed since the client was built.
        var fingerprint = Fingerprint(options);
        lock (EnvironmentLock)
        {
            if (environmentSession is null || environmentSession.IsDisposed || environmentFingerprint != fingerprint)
            {
                options.Validate();
                environmentSession = new SeedanceSession(new RunflowClient(options), "Environment");
                environmentFingerprint = fingerprint;
            }

            return environmentSession;
        }
    }

    private static string Fingerprint(RunflowClientOptions options)
    {
        using var sha = System.Security.Cryptography.SHA256.Create();
        var text = options.BaseUri + "\n" + options.OrganizationId + "\n" + options.ApiKey!.Reveal();
        return Convert.ToBase64String(sha.ComputeHash(System.Text.Encoding.UTF8.GetBytes(text)));
    }

    private static void ReleaseIfUnused(SeedanceSession session, Guid leavingRunspace)
    {
        foreach (var pair in SessionsByRunspace)
        {
            if (pair.Key != leavingRunspace && ReferenceEquals(pair.Value, session))
            {
                return;
            }
        }

        if (!ReferenceEquals(processDefault, session))
        {
            session.Dispose();
        }
    }

    private static Guid CurrentRunspaceId() => Runspace.DefaultRunspace?.InstanceId ?? Guid.Empty;
}
