using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Text;

namespace Seedance.Infrastructure;

/// <summary>The raw bytes of a callback body given as a string (UTF-8, as sent) or as bytes.</summary>
internal static class CallbackBody
{
    /// <summary>Reads the body for a cmdlet; writes an error record and returns null when it is neither text nor bytes.</summary>
    public static byte[]? Read(Cmdlet cmdlet, object? body)
    {
        try
        {
            return ToBytes(body);
        }
        catch (InvalidInputException exception)
        {
            cmdlet.WriteError(ErrorRecords.InvalidInput(exception.ErrorId, exception.Message, exception.Value ?? body));
            return null;
        }
    }

    public static byte[] ToBytes(object? body)
    {
        var value = body is PSObject wrapped ? wrapped.BaseObject : body;
        switch (value)
        {
            case byte[] bytes:
                return bytes;
            case string text:
                return new UTF8Encoding(false).GetBytes(text);
            case object[] items when items.Length > 0 && (items[0] is byte || (items[0] is PSObject first && first.BaseObject is byte)):
                var collected = new List<byte>(items.Length);
                foreach (var item in items)
                {
                    collected.Add(Convert.ToByte(item is PSObject inner ? inner.BaseObject : item));
                }

                return collected.ToArray();
            default:
                throw new InvalidInputException("Seedance.InvalidCallbackBody",
                    "The callback body must be the raw request body, as a string or a byte array.", body);
        }
    }
}
