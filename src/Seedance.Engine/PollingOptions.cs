using System;

namespace Seedance.Engine;

/// <summary>How <see cref="RunWatcher"/> follows runs, and how long a run id the API gave us may answer 404.</summary>
public sealed class PollingOptions
{
    /// <summary>The first check of a run comes this long after it is tracked.</summary>
    public TimeSpan InitialInterval { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A run is checked again after this share of the time it has been followed (between
    /// <see cref="InitialInterval"/> and <see cref="MaxInterval"/>): young runs are checked often, so short runs are seen
    /// to end quickly, and runs that take minutes cost few requests.</summary>
    public double IntervalShareOfAge { get; set; } = 0.1;

    /// <summary>When set, every run is checked at this fixed interval instead.</summary>
    public TimeSpan? FixedInterval { get; set; }

    /// <summary>Follows several runs with one paged search instead of one GET per run.</summary>
    public bool UseSearch { get; set; } = true;

    public int MaxIdsPerSearch { get; set; } = 40;

    /// <summary><see cref="MaxIdsPerSearch"/> kept within the page sizes the API takes (1–500).</summary>
    internal int IdsPerSearch => Math.Min(RunflowClient.MaxSearchLimit, Math.Max(1, MaxIdsPerSearch));

    /// <summary>How many run reads may be in flight at once.</summary>
    public int MaxConcurrentRequests { get; set; } = 8;

    /// <summary>How long a run id the API gave us keeps being read while it answers 404: a just-created run may not be
    /// readable at once (no consistency promise is documented). An id the caller typed gets no grace.</summary>
    public TimeSpan NotFoundGrace { get; set; } = TimeSpan.FromSeconds(30);

    public PollingOptions Clone() => (PollingOptions)MemberwiseClone();
}
