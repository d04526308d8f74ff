using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.Http.Headers;

namespace Seedance.Engine;

/// <summary>What <see cref="RunflowTransport"/> sends on one attempt: the first hop of a request it may redirect.</summary>
internal sealed class TransportRequest
{
    public TransportRequest(HttpMethod method, Uri target)
    {
        Method = method;
        Target = target;
    }

    public HttpMethod Method { get; }

    public Uri Target { get; }

    /// <summary>An API call: JSON is asked for, and the key and organization go along while the request is on the API's
    /// origin. Anything else (a presigned upload or download) never carries them.</summary>
    public bool IsApiCall { get; set; }

    /// <summary>Per-call headers (an Idempotency-Key), never set on the shared client.</summary>
    public IDictionary<string, string>? Headers { get; set; }

    /// <summary>Makes the body afresh for every hop (a redirect that keeps the method sends it again).</summary>
    public Func<HttpContent>? Content { get; set; }

    public RangeHeaderValue? Range { get; set; }

    /// <summary>When set, every hop's answer is traced with this note (API calls trace their own answer instead).</summary>
    public string? TraceNote { get; set; }

    public int Attempt { get; set; } = 1;
}
