using System.Collections.Generic;

namespace Seedance.Emulator;

/// <summary>What a create (run or batch) came to, decided under the state lock and answered after it.</summary>
internal sealed record CreateOutcome(int Status, string? StoredBody = null, bool Replayed = false,
    IReadOnlyList<(string Field, string Message, string Code)>? Problems = null)
{
    public static CreateOutcome Conflict { get; } = new(409);

    public static CreateOutcome NoCredit { get; } = new(402);

    public static CreateOutcome Replay(int status, string body) => new(status, body, Replayed: true);

    public static CreateOutcome Invalid(IReadOnlyList<(string Field, string Message, string Code)> problems) => new(422, Problems: problems);

    public static CreateOutcome Created(string body) => new(201, body);
}
