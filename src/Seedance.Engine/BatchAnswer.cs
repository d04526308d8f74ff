using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace Seedance.Engine;

/// <summary>The answer of a batch create or read (<c>POST /v1/models/{model}/batches</c>, <c>GET /v1/batches/{id}</c>).</summary>
internal static class BatchAnswer
{
    /// <summary>
    /// Pairs the batch's items with the inputs sent. The docs list <c>items[]</c> as {id, sequence_index, run_id,
    /// status_code, client_ref} but say neither where sequence_index starts nor when run_id is set, so items are matched
    /// by the client ref each input carried, then by sequence_index (0- or 1-based, whichever fits), then by position;
    /// an item may still lack its run id (null here) and is resolved by the caller.
    /// </summary>
    public static (string BatchId, string?[] RunIds) Read(JsonElement root, IReadOnlyList<string> clientRefs)
    {
        var batchId = JsonValues.String(root, "id", "batch_id") ?? throw new RunflowProtocolException("The batch has no id.");
        var items = new List<(int? Index, string? RunId, string? ClientRef)>();
        if (JsonValues.TryGet(root, "items", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            items.AddRange(list.EnumerateArray()
                .Where(item => item.ValueKind == JsonValueKind.Object)
                .Select(item => (JsonValues.Int(item, "sequence_index"), JsonValues.String(item, "run_id"), JsonValues.String(item, "client_ref"))));
        }

        var runIds = new string?[clientRefs.Count];
        var indexes = items.Select(item => item.Index).ToList();
        var oneBased = indexes.All(index => index is not null) && indexes.Count > 0 && indexes.Min() == 1 && indexes.Max() == clientRefs.Count;

        // Items that name their client ref are placed by it alone, before the others take their index or position.
        foreach (var (_, runId, itemRef) in items)
        {
            if (runId is not null && itemRef is not null)
            {
                var input = Enumerable.Range(0, clientRefs.Count).Where(index => runIds[index] is null && clientRefs[index] == itemRef)
                    .DefaultIfEmpty(-1).First();
                if (input >= 0)
                {
                    runIds[input] = runId;
                }
            }
        }

        for (var item = 0; item < items.Count; item++)
        {
            if (items[item].RunId is not { } runId || items[item].ClientRef is not null)
            {
                continue;
            }

            var position = items[item].Index is { } index ? (oneBased ? index - 1 : index) : (items.Count == clientRefs.Count ? item : -1);
            if (position >= 0 && position < clientRefs.Count && runIds[position] is null)
            {
                runIds[position] = runId;
            }
        }

        return (batchId, runIds);
    }
}
