namespace Seedance.Engine;

/// <summary>The API does not know a run id: one the user typed, or one it gave us that still answers 404 after the grace
/// window a just-created run may need.</summary>
public sealed class RunflowRunNotFoundException : RunflowException
{
    public RunflowRunNotFoundException(string runId, bool givenByApi, RunflowApiException? cause)
        : base(givenByApi
            ? $"Run {runId} was created by the API but still answers 404 (not found) after the grace window; it was not created again."
            : $"Run {runId} does not exist (the API answers 404 not found), or it belongs to another organization.", cause, cause?.RequestId)
    {
        RunId = runId;
        GivenByApi = givenByApi;
    }

    public string RunId { get; }

    public bool GivenByApi { get; }
}
