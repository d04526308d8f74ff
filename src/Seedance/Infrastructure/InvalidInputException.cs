using System;

namespace Seedance.Infrastructure;

/// <summary>A pipeline input that cannot be sent, with the ErrorId and the offending value its error record carries.</summary>
internal sealed class InvalidInputException : Exception
{
    public InvalidInputException(string errorId, string message, object? value)
        : base(message)
    {
        ErrorId = errorId;
        Value = value;
    }

    public string ErrorId { get; }

    public object? Value { get; }
}
