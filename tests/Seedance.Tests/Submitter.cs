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
        Operation = new SubmitOperation(client, Ledger, options ?? Fast());
    }

    public CreateLedger Ledger { get; }

    public SubmitOperation Operation { get; }

    /// <summary>Test-speed windows; <paramref name="resolvePatience"/> is how long a lost create is looked up.</summary>
    public static SubmitOptions Fast(TimeSpan? resolvePatience = null) => new()
    {
        CommitWindow = TimeSpan.FromMilliseconds(300),
        ClockSkew = TimeSpan.FromMilliseconds(50),
        ResolvePatience = resolvePatience ?? TimeSpan.FromSeconds(5),
    };

    public Task<SubmitResult> SubmitAsync(CreateRunRequest request) => Operation.SubmitAsync(request, null, default);

    public async Task<IReadOnlyList<SubmitResult>> SubmitAllAsync(IEnumerable<CreateRunRequest> requests) =>
        await Task.WhenAll(requests.Select(SubmitAsync));

    /// <summary>One task per input, in order, as <see cref="SubmitOperation.SubmitBatch"/> gives them.</summary>
    public IReadOnlyList<Task<SubmitResult>> SubmitBatch(IReadOnlyList<CreateRunRequest> requests) => Operation.SubmitBatch(requests, null, default);

    public void Dispose()
    {
        Ledger.Dispose();
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, true);
        }
    }
}
