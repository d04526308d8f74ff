using System;
using System.Threading;
using System.Threading.Tasks;

namespace Seedance.Engine.Submission;

/// <summary>Reads a run whose id the API gave (a create's answer, a batch's item, the ledger's record of one), allowing
/// the grace window a just-created run may need before it is readable (<see cref="PollingOptions.NotFoundGrace"/>).</summary>
internal static class GivenRunReader
{
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(5);

    public static async Task<Run> ReadAsync(RunflowClient client, string runId, CancellationToken cancellationToken)
    {
        var clock = client.Clock;
        var giveUpAt = clock.Monotonic + client.Options.Polling.NotFoundGrace;
        var pause = TimeSpan.FromMilliseconds(500);
        while (true)
        {
            try
            {
                return await client.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
            }
            catch (RunflowApiException notFound) when (notFound.StatusCode == 404)
            {
                if (clock.Monotonic >= giveUpAt)
                {
                    throw new RunflowRunNotFoundException(runId, givenByApi: true, notFound);
                }
            }

            await clock.Delay(pause, cancellationToken).ConfigureAwait(false);
            pause = Doubled(pause);
        }
    }

    /// <summary>The next pause of a look-up that is tried again: twice the last, at most five seconds.</summary>
    public static TimeSpan Doubled(TimeSpan pause) => pause + pause > LongestPause ? LongestPause : pause + pause;
}
