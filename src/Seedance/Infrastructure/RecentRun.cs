using System.Linq;

namespace Seedance.Infrastructure;

/// <summary>What tab completion shows of a run the session has seen: enough to tell runs apart, no more.</summary>
internal sealed class RecentRun
{
    public RecentRun(string id, string? clientRef, string? status, string? prompt)
    {
        Id = id;
        ClientRef = clientRef;
        Status = status;
        Prompt = prompt;
    }

    public string Id { get; }

    public string? ClientRef { get; }

    public string? Status { get; }

    public string? Prompt { get; }

    public string Describe() =>
        string.Join("  ", new[] { Id, Status, ClientRef, Prompt }.Where(part => !string.IsNullOrEmpty(part)));
}
