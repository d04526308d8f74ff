using System;

namespace Seedance.Engine;

/// <summary>How <see cref="RunWatcher"/> follows runs, and how long a run id the API gave us may answer 404.</summary>
public sealed class PollingOptions
{
    /// <summary>The shortest time between two checks of a run (see <see cref="PollSchedule"/>, which also says when the
    /// first check comes).</summary>
    public TimeSpan InitialInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A run is checked again after this share of its age (between <see cref="InitialInterval"/> and
    /// <see cref="MaxInterval"/>): young runs are checked often, so short runs are seen to end quickly, and runs that take
    /// minutes cost few requests. <see cref="PollSchedule"/> also uses it for the time a run is most likely to end.</summary>
    public double IntervalShareOfAge { get; set; } = 0.1;

    /// <summary>When set, every run is checked at this fixed interval instead.</summary>
    public TimeSpan? FixedInterval { get; set; }

    /// <summary>Follows runs with one paged search for all of them; false reads each run by id.</summary>
    public bool UseSearch { get; set; } = true;

    /// <summary>A run that searches have not listed for this long (since it was tracked or last listed) is also read by
    /// id while it stays unlisted: no consistency promise says when a search sees a run (runflow-api.md §12).</summary>
    public TimeSpan IndexLagAllowance { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How many run reads may be in flight at once.</summary>
    public int MaxConcurrentRequests { get; set; } = 8;

    /// <summary>How long a run id the API gave us keeps being read while it answers 404: a just-created run may not be
    /// readable at once (no consistency promise is documented). An id the caller typed gets no grace.</summary>
    public TimeSpan NotFoundGrace { get; set; } = TimeSpan.FromSeconds(30);

    public PollingOptions Clone() => (PollingOptions)MemberwiseClone();
}
