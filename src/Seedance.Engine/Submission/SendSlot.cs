using System;
using System.Threading;

namespace Seedance.Engine.Submission;

/// <summary>One request's hold on <see cref="SubmitOperation.Sending"/>: taken when its create is started, given back
/// once, when its result is known or when its lost answer is being looked up (other requests may go on meanwhile).</summary>
internal sealed class SendSlot
{
    private readonly Action release;
    private int released;

    public SendSlot(Action release)
    {
        this.release = release;
    }

    public void Release()
    {
        if (Interlocked.Exchange(ref released, 1) == 0)
        {
            release();
        }
    }
}
