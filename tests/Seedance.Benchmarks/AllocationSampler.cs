using System;
using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Linq;

namespace Seedance.Benchmarks;

/// <summary>Samples the runtime's allocation ticks (one per ~100 KB allocated) by type, to show where the garbage comes from.</summary>
internal sealed class AllocationSampler : EventListener
{
    private readonly ConcurrentDictionary<string, long> ticksByType = new();

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName is not null && eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) && eventData.Payload is not null)
        {
            var index = eventData.PayloadNames!.IndexOf("TypeName");
            var type = index >= 0 ? eventData.Payload[index] as string ?? "?" : "?";
            ticksByType.AddOrUpdate(type, 1, (_, count) => count + 1);
        }
    }

    public string Top(int count) => string.Join(Environment.NewLine, ticksByType.OrderByDescending(pair => pair.Value).Take(count)
        .Select(pair => $"    {pair.Value * 100,8} KB  {pair.Key}"));
}
