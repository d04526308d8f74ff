using System;

namespace Seedance.Engine;

/// <summary>What <see cref="RunWatcher"/> knows about one run it follows; times are on the engine clock's monotonic scale.
/// Guarded by the watcher's lock.</summary>
internal sealed class FollowedRunState
{
    public FollowedRunState(string id, Run? known, bool givenByApi, TimeSpan now)
    {
        Id = id;
        GivenByApi = givenByApi;
        TrackedAt = now;
        Status = known?.Status ?? RunStatus.Unknown;
        Interval = TimeSpan.Zero;
        NextCheck = now;
    }

    public string Id { get; }

    /// <summary>The id came from the API (a run object), not from the caller's typing.</summary>
    public bool GivenByApi { get; }

    public TimeSpan TrackedAt { get; }

    public RunStatus Status { get; set; }

    /// <summary>The whole run object last read by id or given at tracking: what a search's projection is laid over.</summary>
    public Run? Known { get; private set; }

    /// <summary>When the run was created, on the local clock: its age at tracking (server timestamps against the local
    /// wall clock, never below zero) taken back from the moment it was tracked.</summary>
    public TimeSpan CreatedLocally { get; private set; }

    /// <summary>When generation began (started_at, measured against created_at so both come from the server's clock), or
    /// creation while the run has not started.</summary>
    public TimeSpan StartedLocally { get; private set; }

    public TimeSpan Typical { get; private set; }

    public TimeSpan NextCheck { get; set; }

    public TimeSpan Interval { get; set; }

    /// <summary>Since when the run has answered 404, while it does.</summary>
    public TimeSpan? NotFoundSince { get; set; }

    /// <summary>When a search last listed this run.</summary>
    public TimeSpan? LastSeenBySearch { get; set; }

    /// <summary>A search showed it ended without what callers need (no output files): it is read by id once.</summary>
    public bool NeedsWholeRead { get; set; }

    /// <summary>Searches find runs by created_at, so only a run whose creation time is known can be found by one.</summary>
    public bool FindableBySearch => Known?.CreatedAt is not null;

    public void Learn(Run whole, DateTimeOffset utcNow)
    {
        var firstTime = Known?.CreatedAt is null;
        Known = whole;
        Typical = PollSchedule.TypicalGeneration(whole.Input);
        if (firstTime && whole.CreatedAt is { } created)
        {
            var ageAtTracking = utcNow - created;
            CreatedLocally = TrackedAt - (ageAtTracking > TimeSpan.Zero ? ageAtTracking : TimeSpan.Zero);
            StartedLocally = CreatedLocally;
        }
        else if (firstTime)
        {
            CreatedLocally = TrackedAt;
            StartedLocally = TrackedAt;
        }

        NoteStart(whole);
    }

    public void NoteStart(Run seen)
    {
        if (seen.StartedAt is { } started && Known?.CreatedAt is { } created && started > created)
        {
            StartedLocally = CreatedLocally + (started - created);
        }
    }
}
