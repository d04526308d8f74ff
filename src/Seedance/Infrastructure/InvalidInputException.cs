using System;
using System.Management.Automation;

namespace Seedance.Infrastructure;

/// <summary>A pipeline input that cannot be sent, with the ErrorId and the offending value its error record carries.</summary>
internal sealed class InvalidInputException : Exception
{
    public InvalidInputException(string errorId, string message, object? value, ErrorCategory category = ErrorCategory.InvalidArgument)
        : base(message)
    {
        ErrorId = errorId;
        Value = value;
        Category = category;
    }

    /// <summary>InvalidArgument for a value that is wrong in itself; ReadError when a value names something that could not be read.</summary>
    public ErrorCategory Category { get; }

    public string ErrorId { get; }

    public object? Value { get; }
}
