using System;
using System.Linq;
using System.Management.Automation;
using Seedance.Engine;

namespace Seedance.Infrastructure;

/// <summary>
/// Turns engine exceptions into error records with stable ErrorIds, the category PowerShell users filter on, and a
/// sentence that says what to do next.
/// </summary>
internal static class ErrorRecords
{
    public static ErrorRecord FromException(Exception exception, object? target, string? subject = null)
    {
        var (errorId, category, advice) = Classify(exception);
        var message = subject is null ? exception.Message : $"{subject}: {exception.Message}";
        var record = new ErrorRecord(exception, errorId, category, target)
        {
            ErrorDetails = new ErrorDetails(message),
        };
        if (advice is not null)
        {
            record.ErrorDetails.RecommendedAction = advice;
        }

        return record;
    }

    public static ErrorRecord InvalidInput(string errorId, string message, object? target, string? advice = null,
        ErrorCategory category = ErrorCategory.InvalidArgument)
    {
        var record = new ErrorRecord(new ArgumentException(message), errorId, category, target)
        {
            ErrorDetails = new ErrorDetails(message),
        };
        if (advice is not null)
        {
            record.ErrorDetails.RecommendedAction = advice;
        }

        return record;
    }

    private static (string ErrorId, ErrorCategory Category, string? Advice) Classify(Exception exception)
    {
        switch (exception)
        {
            case RunflowApiException api:
                return ClassifyStatus(api);
            case RunflowCreateOutcomeUnknownException unknown:
                return ("Seedance.CreateOutcomeUnknown", ErrorCategory.OperationStopped,
                    $"The run may exist. Run the same command again later: the ledger keeps client ref '{unknown.ClientRef}' as maybe-sent and looks it up first. -ResendUnknown resends it (it may pay twice on a server that ignores Idempotency-Key).");
            case RunflowDuplicateClientRefException:
                return ("Seedance.DuplicateClientRef", ErrorCategory.InvalidArgument, "Give every row its own client_ref.");
            case RunflowRerunRefusedException refused:
                return refused.InputChanged
                    ? ("Seedance.InputChanged", ErrorCategory.InvalidData,
                        $"Restore the row's original input, give it a new client ref, or add -NewTake to pay for this input under '{refused.ClientRef}'.")
                    : ("Seedance.NewTakeRequired", ErrorCategory.InvalidOperation,
                        $"Add -NewTake to pay for a new take of '{refused.ClientRef}'.");
            case RunflowRunNotFoundException:
                return ("Seedance.RunNotFound", ErrorCategory.ObjectNotFound, "Check the run id; runs of another organization also answer 404.");
            case RunflowTransportException transport:
                return transport.IsTimeout
                    ? ("Seedance.Timeout", ErrorCategory.OperationTimeout, "Check the network, or raise -TimeoutSec on Connect-Seedance.")
                    : ("Seedance.NetworkError", ErrorCategory.ConnectionError, "Check the network and the -BaseUri of the session.");
            case RunflowDestinationException destination:
                return ("Seedance.DestinationNotWritable",
                    destination.Problem is FileSystemProblem.ReadOnlyFileSystem or FileSystemProblem.PermissionDenied ? ErrorCategory.PermissionDenied : ErrorCategory.WriteError,
                    DestinationAdvice(destination.Problem));
            case RunflowDownloadException:
                return ("Seedance.DownloadFailed", ErrorCategory.ReadError, "Run Save-SeedanceVideo again: complete files are skipped.");
            case RunflowProtocolException:
                return ("Seedance.UnexpectedResponse", ErrorCategory.InvalidResult, null);
            case RunflowUnknownModelException:
                return ("Seedance.UnknownModel", ErrorCategory.InvalidArgument,
                    "Use one of the models Get-SeedanceModel lists (tab completion on -Model offers them), or leave -Model out.");
            case RunflowValidationException:
                return ("Seedance.InvalidInput", ErrorCategory.InvalidArgument, null);
            case RunflowConfigurationException:
                return ("Seedance.InvalidConfiguration", ErrorCategory.InvalidArgument, null);
            case OperationCanceledException:
                return ("Seedance.Canceled", ErrorCategory.OperationStopped, null);
            case UnauthorizedAccessException:
                return ("Seedance.AccessDenied", ErrorCategory.PermissionDenied, null);
            case System.IO.IOException:
                return ("Seedance.FileError", ErrorCategory.WriteError, null);
            case ArgumentException:
                return ("Seedance.InvalidArgument", ErrorCategory.InvalidArgument, null);
            default:
                return ("Seedance.Failed", ErrorCategory.NotSpecified, null);
        }
    }

    private static string DestinationAdvice(FileSystemProblem problem) => problem switch
    {
        FileSystemProblem.ReadOnlyFileSystem => "The file system is mounted read-only: choose a -Directory on a writable one.",
        FileSystemProblem.PermissionDenied => "Choose a -Directory you may write to, or give your user write permission there.",
        FileSystemProblem.DiskFull =>
            "Free some space, or choose a -Directory on another disk, then run Save-SeedanceVideo again: complete videos are skipped. No partial file was left under a final name.",
        FileSystemProblem.NotADirectory => "A part of the path is a file: choose another -Directory, or move that file away.",
        _ => "Choose another -Directory.",
    };

    private static (string, ErrorCategory, string?) ClassifyStatus(RunflowApiException api)
    {
        switch (api.StatusCode)
        {
            case 400:
                return ("Seedance.BadRequest", ErrorCategory.InvalidArgument, null);
            case 401:
                return ("Seedance.Unauthorized", ErrorCategory.AuthenticationError,
                    "The API key was refused: run Connect-Seedance with a valid key (app.runflow.io > Settings > API Keys), or fix $env:RUNFLOW_API_KEY.");
            case 402:
                return ("Seedance.InsufficientCredit", ErrorCategory.QuotaExceeded,
                    "Top up the credit balance at app.runflow.io/settings/billing; Get-SeedanceBalance shows what is left.");
            case 403:
                return ("Seedance.PermissionDenied", ErrorCategory.PermissionDenied,
                    "The key's organization may not do this; check -OrganizationId and the key's scope.");
            case 404:
                return ("Seedance.NotFound", ErrorCategory.ObjectNotFound,
                    "Check the id or model path; runs of another organization also answer 404.");
            case 409:
                return ("Seedance.Conflict", ErrorCategory.ResourceExists,
                    "A run with this idempotency key was sent with a different body; use another -ClientRef or the original input.");
            case 422:
                var fields = api.FieldErrors.Count == 0
                    ? null
                    : "Fix: " + string.Join("; ", api.FieldErrors.Select(field => $"{field.Field}: {field.Message}"));
                return ("Seedance.ValidationFailed", ErrorCategory.InvalidData, fields ?? "Check the input values against Get-Help New-SeedanceRun.");
            case 429:
                return ("Seedance.RateLimited", ErrorCategory.LimitsExceeded, "Lower -ThrottleLimit or try again later.");
            default:
                return api.StatusCode >= 500
                    ? ("Seedance.ServiceUnavailable", ErrorCategory.ResourceUnavailable, "Runflow had a server error; try again later.")
                    : ("Seedance.RequestFailed", ErrorCategory.InvalidOperation, null);
        }
    }
}
