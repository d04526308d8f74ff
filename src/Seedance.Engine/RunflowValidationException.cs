namespace Seedance.Engine;

/// <summary>Input rejected on this side, before any request was made.</summary>
public sealed class RunflowValidationException : RunflowException
{
    public RunflowValidationException(string field, object? value, string message)
        : base(message)
    {
        Field = field;
        Value = value;
    }

    public string Field { get; }

    public object? Value { get; }
}
