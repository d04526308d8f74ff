using System;
using System.Threading;
using System.Threading.Tasks;

namespace Seedance.Emulator;

/// <summary>
/// The late answer of a create that commits at once (<c>--fault-slow-after-commit-rate</c>). The wait starts before the
/// commit, so the run exists for all of it and a client whose timeout is shorter gives up on a run that was made.
/// Disposing it ends a wait that turned out not to be needed (a refusal or a replay answers at once).
/// </summary>
internal sealed class AnswerHold : IDisposable
{
    private readonly CancellationTokenSource cancel;

    public AnswerHold(TimeSpan length, TimeProvider clock, CancellationToken requestAborted)
    {
        cancel = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        Elapsed = Task.Delay(length, clock, cancel.Token);
    }

    public Task Elapsed { get; }

    public void Dispose()
    {
        cancel.Cancel();
        cancel.Dispose();
    }
}
