using System.Collections.Generic;
using System.Linq;

namespace Seedance.Emulator;

/// <summary>
/// The --echo-key fault: a misbehaving gateway that copies the caller's bearer token into what it answers (the
/// X-Request-Id header and every request_id, error codes, messages and field errors, failed runs' failure_message), so
/// a client can prove that no string it copies out of an answer ever shows the key.
/// </summary>
internal sealed class KeyEcho
{
    private readonly EmulatorOptions options;
    private readonly string apiKey;

    public KeyEcho(EmulatorOptions options, string apiKey)
    {
        this.options = options;
        this.apiKey = apiKey;
    }

    public string RequestId(string requestId) => options.EchoKey ? requestId + "-" + apiKey : requestId;

    public string Code(string code) => options.EchoKey ? code + "_" + apiKey : code;

    public string? Message(string? message) => options.EchoKey && message is not null ? $"{message} (token {apiKey})" : message;

    public IReadOnlyList<(string Field, string Message, string Code)>? Fields(IReadOnlyList<(string Field, string Message, string Code)>? fields) =>
        options.EchoKey
            ? (fields ?? new List<(string, string, string)>()).Append(("authorization." + apiKey, "the token " + apiKey + " was seen", apiKey)).ToList()
            : fields;
}
