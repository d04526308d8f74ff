namespace Seedance.Engine.Submission;

internal enum ResolveVerdict
{
    /// <summary>One run is this create's: adopt it.</summary>
    Found,

    /// <summary>The search has caught up past the send and shows no such run: it was not created.</summary>
    Absent,

    /// <summary>Not proven either way yet.</summary>
    Undecided,

    /// <summary>More than one run could be this create's: none is adopted.</summary>
    Ambiguous,
}
