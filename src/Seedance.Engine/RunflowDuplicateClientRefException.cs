namespace Seedance.Engine;

/// <summary>A second row of one pipeline carried a client ref an earlier row has: it is refused before anything is paid,
/// because two runs under one ref cannot be told apart on a re-run.</summary>
public sealed class RunflowDuplicateClientRefException : RunflowException
{
    public RunflowDuplicateClientRefException(string clientRef)
        : base($"Client ref '{clientRef}' is used by an earlier row of this pipeline; this row was not submitted. Give each row its own client ref.")
    {
        ClientRef = clientRef;
    }

    public string ClientRef { get; }
}
