using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Security;

namespace Seedance.Infrastructure;

/// <summary>
/// Lets secret parameters (<c>-ApiKey</c>, <c>-Secret</c>) take plain strings as well as SecureStrings, as scripts,
/// runbooks and web handlers often hold them as text; arrays are converted element by element.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
internal sealed class ApiKeyTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        if (value is string text)
        {
            return ToSecure(text);
        }

        if (value is IEnumerable sequence)
        {
            var secrets = new List<object?>();
            foreach (var item in sequence)
            {
                var element = item is PSObject inner ? inner.BaseObject : item;
                secrets.Add(element is string plain ? ToSecure(plain) : element);
            }

            return secrets.ToArray();
        }

        return value;
    }

    private static SecureString ToSecure(string text)
    {
        var secure = new SecureString();
        foreach (var character in text)
        {
            secure.AppendChar(character);
        }

        secure.MakeReadOnly();
        return secure;
    }
}
