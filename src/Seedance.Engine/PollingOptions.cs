using System;

namespace Seedance.Engine;

/// <summary>How <see cref="RunWatcher"/> follows runs and how creates reconcile an unknown outcome.</summary>
public sealed class PollingOptions
{
    /// <summary>The first check of a run comes this long after it is tracked.</summary>
    public TimeSpan InitialInterval { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Each unchanged check multiplies a run's interval by this, up to <see cref="MaxInterval"/>.</summary>
    public double BackoffFactor { get; set; } = 1.5;

    /// <summary>When set, every run is checked at this fixed interval instead.</summary>
    public TimeSpan? FixedInterval { get; set; }

    /// <summary>Follows several runs with one paged search instead of one GET per run.</summary>
    public bool UseSearch { get; set; } = true;

    public int MaxIdsPerSearch { get; set; } = 40;

    /// <summary>After a create whose outcome is unknown found no run by its client_ref, the lookup is repeated once
    /// after this delay (a search index may lag behind the write) before the create is resent.</summary>
    public TimeSpan ReconcileLookupDelay { get; set; } = TimeSpan.FromSeconds(1);

    public PollingOptions Clone() => (PollingOptions)MemberwiseClone();
}
