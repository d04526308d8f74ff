using System;
using System.Threading;

namespace Seedance.Engine;

/// <summary>
/// Per-caller request tracing. One client is shared by many cmdlets and runspaces, so the sink is not a client
/// setting: it flows with the caller's async context, and work started inside a scope reports to that scope only.
/// </summary>
public static class RunflowTrace
{
    private static readonly AsyncLocal<Scope?> Current = new();

    /// <summary>Routes the traffic of the current async flow to <paramref name="sink"/> until disposed; bodies are
    /// traced only when <paramref name="includeBodies"/> is set.</summary>
    public static IDisposable BeginScope(Action<RunflowTraceEvent> sink, bool includeBodies = false)
    {
        var scope = new Scope(sink, includeBodies, Current.Value);
        Current.Value = scope;
        return scope;
    }

    /// <summary>Whether anyone listens in this flow: callers test it before building an event, so untraced requests
    /// (the common case in a large batch) format no paths and allocate no events.</summary>
    internal static bool IsActive => Current.Value is { Disposed: false };

    internal static bool WantsBodies => Current.Value is { IncludeBodies: true, Disposed: false };

    internal static void Write(RunflowTraceEvent traceEvent)
    {
        var scope = Current.Value;
        if (scope is null || scope.Disposed)
        {
            return;
        }

        try
        {
            scope.Sink(traceEvent);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Tracing must never break a request.
        }
    }

    private sealed class Scope : IDisposable
    {
        private readonly Scope? parent;

        public Scope(Action<RunflowTraceEvent> sink, bool includeBodies, Scope? parent)
        {
            Sink = sink;
            IncludeBodies = includeBodies;
            this.parent = parent;
        }

        public Action<RunflowTraceEvent> Sink { get; }

        public bool IncludeBodies { get; }

        public bool Disposed { get; private set; }

        public void Dispose()
        {
            Disposed = true;
            if (ReferenceEquals(Current.Value, this))
            {
                Current.Value = parent;
            }
        }
    }
}
