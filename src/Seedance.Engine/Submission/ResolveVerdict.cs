namespace Seedance.Engine.Submission;

internal enum ResolveVerdict
{
    /// <summary>One run is this create's: adopt it.</summary>
    Found,

    /// <summary>The search has caught up past the send and shows no such run: it was not created.</summary>
    Absent,

    /// <summary>Not proven absent, but the server was seen to remember Idempotency-Keys at least this old: resending with
    /// the same key replays the run if it exists and makes it if not, so it cannot pay twice.</summary>
    SafeToResend,

    /// <summary>Not proven either way yet.</summary>
    Undecided,

    /// <summary>More than one run could be this create's: none is adopted.</summary>
    Ambiguous,
}
