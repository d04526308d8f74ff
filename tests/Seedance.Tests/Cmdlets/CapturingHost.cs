using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace Seedance.Tests.Cmdlets;

/// <summary>
/// A non-interactive host that records what PowerShell writes to the console (WhatIf lines, host warnings, progress
/// records) and fails the test if anything asks for input, as a runbook host would. With a console window it passes
/// for an interactive console, to which the module draws its progress bar.
/// </summary>
public sealed class CapturingHost : PSHost
{
    private readonly CapturingHostUserInterface ui;

    public CapturingHost(bool consoleWindow = false)
    {
        ui = new CapturingHostUserInterface(consoleWindow ? new FixedSizeRawUserInterface() : null);
    }

    public override string Name => "SeedanceTestHost";

    public override Version Version => new(1, 0);

    public override Guid InstanceId { get; } = Guid.NewGuid();

    public override PSHostUserInterface UI => ui;

    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;

    public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;

    public IReadOnlyCollection<string> Lines => ui.Lines;

    /// <summary>Every progress record written to the host, with the source id it came under (the host draws one bar
    /// per source and activity).</summary>
    public IReadOnlyCollection<(long SourceId, ProgressRecord Record)> Progress => ui.Progress;

    public void Clear()
    {
        ui.Lines.Clear();
        ui.Progress.Clear();
    }

    public override void EnterNestedPrompt() => throw new NotSupportedException("Nested prompts are interactive.");

    public override void ExitNestedPrompt() => throw new NotSupportedException("Nested prompts are interactive.");

    public override void NotifyBeginApplication()
    {
    }

    public override void NotifyEndApplication()
    {
    }

    public override void SetShouldExit(int exitCode)
    {
    }

    private sealed class CapturingHostUserInterface : PSHostUserInterface
    {
        private readonly PSHostRawUserInterface? rawUI;

        public CapturingHostUserInterface(PSHostRawUserInterface? rawUI)
        {
            this.rawUI = rawUI;
        }

        public ConcurrentQueue<string> Lines { get; } = new();

        public ConcurrentQueue<(long SourceId, ProgressRecord Record)> Progress { get; } = new();

        public override PSHostRawUserInterface? RawUI => rawUI;

        public override string ReadLine() => throw Interactive();

        public override SecureString ReadLineAsSecureString() => throw Interactive();

        public override void Write(string value) => Lines.Enqueue(value);

        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Lines.Enqueue(value);

        public override void WriteLine(string value) => Lines.Enqueue(value);

        public override void WriteErrorLine(string value) => Lines.Enqueue("ERROR: " + value);

        public override void WriteDebugLine(string message) => Lines.Enqueue("DEBUG: " + message);

        public override void WriteProgress(long sourceId, ProgressRecord record) => Progress.Enqueue((sourceId, record));

        public override void WriteVerboseLine(string message) => Lines.Enqueue("VERBOSE: " + message);

        public override void WriteWarningLine(string message) => Lines.Enqueue("WARNING: " + message);

        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) => throw Interactive();

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw Interactive();

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
            PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw Interactive();

        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) => throw Interactive();

        private static Exception Interactive() => new InvalidOperationException("The module asked for input, which a runbook cannot give.");
    }
}
