using System;
using System.Management.Automation.Host;

namespace Seedance.Tests.Cmdlets;

/// <summary>
/// The raw UI of a 120×50 console window with no keyboard: enough for the module to take the host for a console that
/// draws progress bars, while anything that reads keys or the screen buffer fails the test.
/// </summary>
internal sealed class FixedSizeRawUserInterface : PSHostRawUserInterface
{
    public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;

    public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;

    public override Size BufferSize { get; set; } = new(120, 3000);

    public override Coordinates CursorPosition { get; set; }

    public override int CursorSize { get; set; } = 25;

    public override bool KeyAvailable => false;

    public override Size MaxPhysicalWindowSize => new(120, 50);

    public override Size MaxWindowSize => new(120, 50);

    public override Coordinates WindowPosition { get; set; }

    public override Size WindowSize { get; set; } = new(120, 50);

    public override string WindowTitle { get; set; } = string.Empty;

    public override void FlushInputBuffer()
    {
    }

    public override BufferCell[,] GetBufferContents(Rectangle rectangle) => throw NoScreen();

    public override KeyInfo ReadKey(ReadKeyOptions options) => throw new InvalidOperationException("The module read a key, which a runbook cannot give.");

    public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) => throw NoScreen();

    public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) => throw NoScreen();

    public override void SetBufferContents(Rectangle rectangle, BufferCell fill) => throw NoScreen();

    private static Exception NoScreen() => new NotSupportedException("This test console has no screen buffer: only its host draws.");
}
