using System;

namespace Seedance.Engine;

public sealed class RunStatusChangedEventArgs : EventArgs
{
    public RunStatusChangedEventArgs(Run run, RunStatus previousStatus)
    {
        Run = run;
        PreviousStatus = previousStatus;
    }

    /// <summary>The run as last read (after a search with a projection it may carry only some fields).</summary>
    public Run Run { get; }

    public RunStatus PreviousStatus { get; }
}
