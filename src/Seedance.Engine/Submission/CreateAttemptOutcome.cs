namespace Seedance.Engine.Submission;

internal enum CreateAttemptOutcome
{
    /// <summary>The server answered with the run.</summary>
    Created,

    /// <summary>Proven not created: the request never left, or the server refused it (4xx, or 429 on every attempt).</summary>
    NotCreated,

    /// <summary>The request may have reached the server and its answer is lost (a timeout, a reset, a 5xx from a gateway,
    /// or a 409 that says a create with this key exists).</summary>
    MaybeSent,
}
