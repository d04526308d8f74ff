namespace Seedance.Engine;

/// <summary>A run's lifecycle state. Values the engine does not know are <see cref="Unknown"/>, with the raw
/// text kept on <see cref="Run.StatusCode"/>.</summary>
public enum RunStatus
{
    Unknown,
    Queued,
    Dispatching,
    Running,
    Succeeded,
    Failed,
    Canceled,
    PartialSucceeded,
}
