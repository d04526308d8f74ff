using System;
using System.Net;
using System.Net.Sockets;

namespace Seedance.Engine;

/// <summary>Settings of a <see cref="RunflowClient"/>, from code or from the RUNFLOW_* environment variables.</summary>
public sealed class RunflowClientOptions
{
    public const string DefaultBaseUrl = "https://api.runflow.io";

    public Uri BaseUri { get; set; } = new(DefaultBaseUrl);

    public ApiKey? ApiKey { get; set; }

    /// <summary>Sent as X-Organization-Id; without it the key's own organization is used.</summary>
    public string? OrganizationId { get; set; }

    public Uri? Proxy { get; set; }

    /// <summary>The limit for one API request (not for downloads, which use <see cref="DownloadIdleTimeout"/>).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A download fails only when no byte arrives for this long, so a slow 1 GB video is not cut off.</summary>
    public TimeSpan DownloadIdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long after a create was sent the server may still commit it (an answer that never came can belong to
    /// a create that commits after the client gave up). A lost create is proven absent only by a run made at least this
    /// long after it. The docs give no bound (UNKNOWN): the default is generous, and a server known to be quicker can be
    /// given a shorter one.</summary>
    public TimeSpan CommitWindow { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Connections per host; .NET Framework's default of 2 would serialise a batch.</summary>
    public int MaxConnectionsPerServer { get; set; } = 64;

    /// <summary>Allows a plain http:// base URI on a host other than this machine (the key would travel unencrypted).</summary>
    public bool AllowInsecureHttp { get; set; }

    public RetryOptions Retry { get; set; } = new();

    public PollingOptions Polling { get; set; } = new();

    /// <summary>The clock behind every wait and window of the engine; tests pass a compressed one.</summary>
    public EngineClock Clock { get; set; } = EngineClock.System;

    public string UserAgent { get; set; } = "Seedance-PowerShell/" + typeof(RunflowClientOptions).Assembly.GetName().Version;

    public static RunflowClientOptions FromEnvironment(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        var options = new RunflowClientOptions();
        var key = getVariable("RUNFLOW_API_KEY");
        if (!string.IsNullOrWhiteSpace(key))
        {
            options.ApiKey = new ApiKey(key!);
        }

        var baseUrl = getVariable("RUNFLOW_BASE_URL");
        if (!string.IsNullOrWhiteSpace(baseUrl))
        {
            if (!Uri.TryCreate(baseUrl!.Trim(), UriKind.Absolute, out var uri))
            {
                throw new RunflowConfigurationException($"RUNFLOW_BASE_URL '{baseUrl}' is not an absolute URL.");
            }

            options.BaseUri = uri;
        }

        var organization = getVariable("RUNFLOW_ORGANIZATION_ID");
        if (!string.IsNullOrWhiteSpace(organization))
        {
            options.OrganizationId = organization!.Trim();
        }

        return options;
    }

    public void Validate()
    {
        if (ApiKey is null)
        {
            throw new RunflowConfigurationException("No API key: set RUNFLOW_API_KEY or pass one.");
        }

        if (!BaseUri.IsAbsoluteUri || (BaseUri.Scheme != Uri.UriSchemeHttps && BaseUri.Scheme != Uri.UriSchemeHttp))
        {
            throw new RunflowConfigurationException($"The base URI '{BaseUri}' must be an absolute http(s) URI.");
        }

        if (BaseUri.Scheme == Uri.UriSchemeHttp && !AllowInsecureHttp && !IsLoopback(BaseUri))
        {
            throw new RunflowConfigurationException(
                $"The base URI '{BaseUri}' is plain http on another machine: the API key would travel unencrypted. Use https, or allow it explicitly.");
        }

        if (RequestTimeout <= TimeSpan.Zero || DownloadIdleTimeout <= TimeSpan.Zero || CommitWindow < TimeSpan.Zero)
        {
            throw new RunflowConfigurationException("Timeouts must be positive.");
        }

        if (Retry.MaxAttempts < 1)
        {
            throw new RunflowConfigurationException("Retry.MaxAttempts must be at least 1.");
        }
    }

    public RunflowClientOptions Clone()
    {
        var copy = (RunflowClientOptions)MemberwiseClone();
        copy.Retry = Retry.Clone();
        copy.Polling = Polling.Clone();
        return copy;
    }

    public override string ToString() => $"{BaseUri} (key {ApiKey?.Masked ?? "none"})";

    internal static bool IsLoopback(Uri uri)
    {
        if (uri.IsLoopback)
        {
            return true;
        }

        return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address)
            && (IPAddress.IsLoopback(address) || (address.AddressFamily == AddressFamily.InterNetwork && address.GetAddressBytes()[0] == 127));
    }
}
