using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Seedance.Engine;
using Seedance.Engine.Ledger;

namespace Seedance.Tests.Ledger;

/// <summary>Ledgers in temporary folders of their own (one folder is one machine's ledger), and other scratch folders a
/// test needs beside them, all removed when disposed.</summary>
internal sealed class TemporaryLedgers : IDisposable
{
    private readonly List<string> directories = new();

    /// <param name="clock">The client's clock, when it is not the system's: the ledger's timestamps are compared with it.</param>
    public CreateLedger Open(EngineClock? clock = null) => CreateLedger.Open(NewFolderPath(), clock);

    /// <summary>A folder's path that does not exist yet and is removed with the others.</summary>
    public string NewFolderPath()
    {
        var directory = Path.Combine(Path.GetTempPath(), "seedance-ledger-" + Guid.NewGuid().ToString("N"));
        directories.Add(directory);
        return directory;
    }

    public void Dispose()
    {
        foreach (var directory in directories.Where(Directory.Exists))
        {
            Directory.Delete(directory, true);
        }
    }
}
