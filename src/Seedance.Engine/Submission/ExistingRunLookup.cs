using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Seedance.Engine.Submission;

/// <summary>
/// SkipExisting's question to the server: is there a run another machine made for this client ref and input? It uses
/// the resolver's client_ref search, so a server that refuses that filter is asked once per operation, and the caller
/// is told once that only this machine's ledger can answer.
/// </summary>
internal sealed class ExistingRunLookup
{
    private readonly CreateOutcomeResolver resolver;
    private readonly Action<string> notice;
    private int refusalNoticed;

    public ExistingRunLookup(CreateOutcomeResolver resolver, Action<string> notice)
    {
        this.resolver = resolver;
        this.notice = notice;
    }

    /// <summary>A run with the create's client ref and input that did not fail or get canceled, or null.</summary>
    public async Task<Run?> FindAsync(PreparedCreate create, CancellationToken cancellationToken)
    {
        if (resolver.ClientRefFilterRefused)
        {
            return null;
        }

        var found = await resolver.FindByClientRefAsync(create.ClientRef, cancellationToken).ConfigureAwait(false);
        if (found is null)
        {
            if (Interlocked.Exchange(ref refusalNoticed, 1) == 0)
            {
                notice("The server's run search does not take a client_ref filter, so -SkipExisting asks only this machine's ledger: runs other machines made for the same client refs are not seen.");
            }

            return null;
        }

        return found.FirstOrDefault(run => RunflowClient.InputMatches(create.Input, run.Input) && run.Status is not (RunStatus.Failed or RunStatus.Canceled));
    }
}
