namespace Seedance.Engine;

public enum RunflowTraceEventKind
{
    Request,
    Response,
    Retry,
    Body,
    Note,
}
