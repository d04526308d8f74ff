using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using Seedance.Engine;

namespace Seedance.Infrastructure;

/// <summary>
/// The run inputs New-SeedanceRun and Measure-SeedanceCost share: each binds from parameters, from a string piped in,
/// or from the properties of a piped object (a CSV row, its column names matched ignoring case, spaces, '-' and '_';
/// see <see cref="InputColumns"/>), and each input is validated on its own so one bad row is reported and the others go on.
/// </summary>
public abstract class RunInputCmdlet : SeedanceApiCmdlet
{
    private int inputCount;
    private ColumnBinder? columns;

    /// <summary>What the video should show. Also taken from a piped string or a 'prompt' column.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Text")]
    public string? Prompt { get; set; }

    /// <summary>The piped object itself (a CSV row or a string); it is kept on the output so results join back to it.</summary>
    [Parameter(ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ModelCompleter))]
    public string? Model { get; set; }

    /// <summary>Uses the Fast variant of the model (cheaper, quicker).</summary>
    [Parameter]
    public SwitchParameter Fast { get; set; }

    /// <summary>The start frame: an http(s) URL, or a local JPEG/PNG/WebP file that is uploaded first. Selects image-to-video.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("image_url", "ImageUrl", "StartImage")]
    public string? Image { get; set; }

    /// <summary>The last frame (image-to-video only): a URL or a local file.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("end_image_url", "EndImageUrl")]
    public string? EndImage { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("aspect_ratio", "Ratio")]
    [ArgumentCompleter(typeof(ValueListCompleter))]
    public string? AspectRatio { get; set; }

    /// <summary>auto, or 4 to 15 seconds.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ValueListCompleter))]
    public string? Duration { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ValueListCompleter))]
    public string? Resolution { get; set; }

    /// <summary>Whether to generate sound: true/false, yes/no or 1/0 (it does not change the price).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("generate_audio", "Audio")]
    [ArgumentCompleter(typeof(ValueListCompleter))]
    public string? GenerateAudio { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Seed { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("end_user_id")]
    public string? EndUserId { get; set; }

    /// <summary>An https URL Runflow POSTs the finished run to.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("callback_url")]
    public string? CallbackUrl { get; set; }

    /// <summary>Free data kept with the run and echoed in its callback.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public Hashtable? Metadata { get; set; }

    /// <summary>Your own id for the run (255 characters at most). With it, re-running the same input never pays twice.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("client_ref", "ClientReference")]
    public string? ClientRef { get; set; }

    /// <summary>Reads the current pipeline input into a draft, or writes an error record for it and returns null.</summary>
    internal RunDraft? ReadDraft()
    {
        var index = inputCount++;
        var target = (object?)InputObject ?? Prompt;
        IDisposable? looseColumns = null;
        try
        {
            looseColumns = (columns ??= new ColumnBinder(this)).Bind(InputObject);
            return BuildDraft(index);
        }
        catch (InvalidInputException exception)
        {
            WriteError(ErrorRecords.InvalidInput(exception.ErrorId, $"{Label(index)}: {exception.Message}", exception.Value ?? target,
                "Fix this input; the other inputs are processed.", exception.Category));
            return null;
        }
        catch (RunflowUnknownModelException exception)
        {
            WriteError(ErrorRecords.FromException(exception, Model, Label(index)));
            return null;
        }
        catch (Exception exception) when (exception is ArgumentException or RunflowValidationException)
        {
            WriteError(ErrorRecords.InvalidInput("Seedance.InvalidInput", $"{Label(index)}: {exception.Message}", target,
                "Fix this input; the other inputs are processed."));
            return null;
        }
        finally
        {
            looseColumns?.Dispose();
        }
    }

    private RunDraft BuildDraft(int index)
    {
        var prompt = Prompt;
        if (prompt is null && InputObject?.BaseObject is string piped)
        {
            prompt = piped;
        }

        if (string.IsNullOrWhiteSpace(prompt))
        {
            throw Invalid("Seedance.MissingPrompt", "the prompt is empty: give -Prompt, pipe strings, or add a 'prompt' column.", InputObject ?? (object?)prompt);
        }

        var model = ChooseModel();
        var input = new Dictionary<string, object?>(StringComparer.Ordinal) { ["prompt"] = prompt };
        var draft = new RunDraft(index, InputObject?.BaseObject is string ? prompt : InputObject, model, input);

        AddImage(draft, "image_url", Image);
        AddImage(draft, "end_image_url", EndImage);
        Parse(AspectRatio, "aspect_ratio", "Seedance.InvalidAspectRatio", value => InputParsing.ParseAspectRatio(value), input);
        Parse(Duration, "duration", "Seedance.InvalidDuration", value => InputParsing.ParseDuration(value), input);
        Parse(Resolution, "resolution", "Seedance.InvalidResolution", value => InputParsing.ParseResolution(value), input);
        Parse(GenerateAudio, "generate_audio", "Seedance.InvalidGenerateAudio", value => InputParsing.ParseBoolean(value, "GenerateAudio"), input);
        if (!InputParsing.IsBlank(Seed))
        {
            input["seed"] = Seed!.Trim();
        }

        if (!InputParsing.IsBlank(EndUserId))
        {
            input["end_user_id"] = EndUserId!.Trim();
        }

        if (SeedanceModels.RequiresImage(model) && !input.ContainsKey("image_url") && !draft.LocalImages.ContainsKey("image_url"))
        {
            throw Invalid("Seedance.MissingImage", $"{model} needs a start frame: give -Image (a URL or a local file).", model);
        }

        if (!InputParsing.IsBlank(CallbackUrl))
        {
            var text = CallbackUrl!.Trim();
            if (SeedanceInputValidator.CheckCallbackUrl(text) is { } problem)
            {
                throw Invalid("Seedance.InvalidCallbackUrl", problem.Message!, text);
            }

            draft.CallbackUrl = text;
        }

        if (Metadata is not null)
        {
            try
            {
                draft.Metadata = PlainValues.ToDictionary(Metadata, "Metadata");
            }
            catch (RunflowValidationException exception)
            {
                throw Invalid("Seedance.InvalidMetadata", exception.Message, Metadata);
            }
        }

        if (!InputParsing.IsBlank(ClientRef))
        {
            var clientRef = ClientRef!.Trim();
            if (SeedanceInputValidator.CheckClientRef(clientRef) is { } problem)
            {
                throw Invalid("Seedance.InvalidClientRef", problem.Message!, clientRef);
            }

            draft.ClientRef = clientRef;
        }

        // The API's own rules, checked here too so a bad value fails before anything is uploaded or paid for.
        var problems = SeedanceInputValidator.Validate(model, WithPlaceholderImages(draft));
        if (problems.Count > 0)
        {
            throw Invalid("Seedance.InvalidInput", string.Join("; ", ProblemTexts(problems)), InputObject ?? (object?)prompt);
        }

        draft.Estimate = SeedancePricing.Estimate(model, input.TryGetValue("resolution", out var resolution) ? resolution as string : null,
            input.TryGetValue("duration", out var duration) ? duration as string : null);
        return draft;
    }

    private string ChooseModel()
    {
        var explicitModel = InputParsing.IsBlank(Model) ? null : Model!.Trim().Trim('/');
        var wantsImage = !InputParsing.IsBlank(Image);
        string model;
        if (explicitModel is not null)
        {
            model = SeedanceModels.RequireKnown(explicitModel);
            if (wantsImage && !SeedanceModels.RequiresImage(model))
            {
                throw Invalid("Seedance.ImageNeedsImageModel",
                    $"-Image was given but {model} is a text-to-video model: leave -Model out or use {SeedanceModels.ImageToVideo}.", model);
            }
        }
        else
        {
            model = wantsImage ? SeedanceModels.ImageToVideo : SeedanceModels.TextToVideo;
        }

        if (Fast.IsPresent)
        {
            model = SeedanceModels.FastVariantOf(model)
                ?? throw Invalid("Seedance.NoFastVariant", $"{model} has no Fast variant.", model);
        }

        return model;
    }

    private void AddImage(RunDraft draft, string field, string? value) =>
        ImageInput.Add(draft, field, value, path => SessionState.Path.GetUnresolvedProviderPathFromPSPath(path));

    private static IDictionary<string, object?> WithPlaceholderImages(RunDraft draft)
    {
        if (draft.LocalImages.Count == 0)
        {
            return draft.Input;
        }

        // Local files become asset URLs at submit time; an https placeholder lets the validator check the rest now.
        var copy = new Dictionary<string, object?>(draft.Input, StringComparer.Ordinal);
        foreach (var field in draft.LocalImages.Keys)
        {
            copy[field] = "https://upload.invalid/local-file";
        }

        return copy;
    }

    private static void Parse<T>(string? raw, string field, string errorId, Func<string, T> parse, Dictionary<string, object?> input)
    {
        if (InputParsing.IsBlank(raw))
        {
            return;
        }

        try
        {
            input[field] = parse(raw!);
        }
        catch (FormatException exception)
        {
            throw Invalid(errorId, exception.Message, raw);
        }
    }

    private static IEnumerable<string> ProblemTexts(IReadOnlyList<FieldError> problems)
    {
        foreach (var problem in problems)
        {
            yield return string.IsNullOrEmpty(problem.Field) ? problem.Message ?? "invalid" : $"{problem.Field}: {problem.Message}";
        }
    }

    private string Label(int index) =>
        InputParsing.IsBlank(ClientRef) ? $"Input {index}" : $"Input {index} (client ref '{ClientRef!.Trim()}')";

    private static InvalidInputException Invalid(string errorId, string message, object? offendingValue) =>
        new(errorId, message, offendingValue);
}
