using System.Text;
using System.Text.Json.Nodes;

namespace Seedance.Emulator.Tests;

/// <summary>One request a <see cref="CallbackReceiver"/> got, and what it answered.</summary>
public sealed record ReceivedCallback(byte[] Body, string Signature, string RequestId, string ContentType, bool HadAuthorization, int AnsweredStatus)
{
    public JsonNode Json => JsonNode.Parse(Encoding.UTF8.GetString(Body))!;

    public string Text => Encoding.UTF8.GetString(Body);
}
