using System;
using System.IO;
using System.Linq;
using Seedance.Engine;

namespace Seedance.Tests;

/// <summary>The files of a folder of saved videos as a user counts them: everything but the hidden index of saves.</summary>
internal static class SavedFolder
{
    public static string[] Files(string directory) =>
        Directory.GetFiles(directory).Where(file => !string.Equals(Path.GetFileName(file), SavedFileIndex.FileName, StringComparison.Ordinal)).ToArray();
}
