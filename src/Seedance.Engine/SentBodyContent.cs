using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Seedance.Engine;

/// <summary>A JSON request body that notes when its first byte is handed to the connection. A create whose body never
/// started out cannot have reached the server whole, so it was not sent; anything later may have been.</summary>
internal sealed class SentBodyContent : HttpContent
{
    private readonly byte[] body;
    private int started;

    public SentBodyContent(byte[] body)
    {
        this.body = body;
        Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
    }

    public bool Started => Volatile.Read(ref started) == 1;

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        Interlocked.Exchange(ref started, 1);
        await stream.WriteAsync(body, 0, body.Length).ConfigureAwait(false);
        await stream.FlushAsync().ConfigureAwait(false);
        if (body.Length > 0 && body[0] == (byte)'{')
        {
            HaltPoint.Reach(HaltPoint.CreateInFlight);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = body.Length;
        return true;
    }
}
