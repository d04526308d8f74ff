using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Seedance.Engine;
using Seedance.Engine.Ledger;
using Seedance.Engine.Submission;

namespace Seedance.Tests;

/// <summary>Creates runs the way the cmdlets do, through <see cref="SubmitOperation"/>, with a ledger of its own in a
/// temporary folder (one submitter is one machine's ledger).</summary>
internal sealed class Submitter : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "seedance-submitter-" + Guid.NewGuid().ToString("N"));

    public Submitter(RunflowClient client, SubmitOptions? options = null)
    {
        Ledger = CreateLedger.Open(directory);
        var singles = options ?? Fast();
        Operation = new SubmitOperation(client, Ledger, singles);
        var batches = singles.Clone();
        batches.Batch = true;
        Batches = new SubmitOperation(client, Ledger, batches);
    }

    public CreateLedger Ledger { get; }

    public SubmitOperation Operation { get; }

    /// <summary>The same ledger's operation with <see cref="SubmitOptions.Batch"/> on.</summary>
    public SubmitOperation Batches { get; }

    /// <summary>Test-speed windows; <paramref name="resolvePatience"/> is how long a lost create is looked up.</summary>
    public static SubmitOptions Fast(TimeSpan? resolvePatience = null) => new()
    {
        CommitWindow = TimeSpan.FromMilliseconds(300),
        ClockSkew = TimeSpan.FromMilliseconds(50),
        ResolvePatience = resolvePatience ?? TimeSpan.FromSeconds(5),
    };

    /// <summary>The request's result; a request that got no run throws its failure, as a caller that needs the run
    /// would.</summary>
    public Task<SubmitResult> SubmitAsync(CreateRunRequest request) => RunOrFailure(Operation.SubmitAsync(request, default));

    public async Task<IReadOnlyList<SubmitResult>> SubmitAllAsync(IEnumerable<CreateRunRequest> requests) =>
        await Task.WhenAll(requests.Select(SubmitAsync));

    /// <summary>One task per input, in order: the inputs are grouped into batches (<see cref="BatchRule"/>) and the
    /// groups still filling are sent at once, as New-SeedanceRun -Batch does when its input ends.</summary>
    public IReadOnlyList<Task<SubmitResult>> SubmitBatch(IReadOnlyList<CreateRunRequest> requests)
    {
        var tasks = requests.Select(request => RunOrFailure(Batches.SubmitAsync(request, default))).ToList();
        while (Batches.SendWaitingBatch(default))
        {
        }

        return tasks;
    }

    private static async Task<SubmitResult> RunOrFailure(Task<SubmitResult> submitting)
    {
        var result = await submitting;
        if (result.Run is null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(result.Failure!).Throw();
        }

        return result;
    }

    public void Dispose()
    {
        Ledger.Dispose();
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, true);
        }
    }
}
