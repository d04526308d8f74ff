using System;
using System.IO;

namespace Seedance.Engine.Ledger;

/// <summary>
/// Tells whether the session that claimed an entry is still alive, without trusting process ids (which are reused and
/// mean nothing on another machine): every ledger session holds an exclusive lock on a file of its own for as long as it
/// lives; the OS drops the lock when the process dies, however it dies. A lock that can be taken belongs to a session
/// that is gone.
/// </summary>
internal sealed class LedgerOwners : IDisposable
{
    private readonly string folder;
    private readonly FileStream ownLock;

    public LedgerOwners(string ledgerDirectory)
    {
        folder = Path.Combine(ledgerDirectory, "owners");
        System.IO.Directory.CreateDirectory(folder);
        FilePermissions.RestrictToOwner(folder, directory: true);
        OwnerId = Guid.NewGuid().ToString("N");
        ownLock = new FileStream(PathOf(OwnerId), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
    }

    public string OwnerId { get; }

    public bool IsAlive(string ownerId)
    {
        if (string.Equals(ownerId, OwnerId, StringComparison.Ordinal))
        {
            return true;
        }

        var path = PathOf(ownerId);
        if (!File.Exists(path))
        {
            return false;
        }

        try
        {
            using (new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            {
            }

            TryDelete(path);
            return false;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            // Another user's session on a shared folder: it cannot be checked, so it counts as alive (the safe side).
            return true;
        }
    }

    public void Dispose()
    {
        ownLock.Dispose();
        TryDelete(PathOf(OwnerId));
    }

    private string PathOf(string ownerId)
    {
        foreach (var character in ownerId)
        {
            if (!Uri.IsHexDigit(character))
            {
                throw new RunflowProtocolException($"The ledger names an owner '{ownerId}' that is not one of its ids.");
            }
        }

        return Path.Combine(folder, ownerId + ".lock");
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
