using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Seedance.Engine;
using Xunit;

namespace Seedance.Tests.Engine;

/// <summary>The reference's retry policy: 429 and 5xx are retried with backoff (at most 5 attempts), other 4xx never;
/// Retry-After counts in seconds only.</summary>
public class RetryPolicyTests
{
    [Theory]
    [InlineData(429, 5)]
    [InlineData(500, 5)]
    [InlineData(503, 5)]
    [InlineData(507, 5)]
    [InlineData(520, 5)]
    [InlineData(400, 1)]
    [InlineData(404, 1)]
    [InlineData(408, 1)]
    [InlineData(409, 1)]
    [InlineData(422, 1)]
    [InlineData(501, 1)]
    public async Task A_status_is_retried_only_when_the_policy_says_so(int status, int expectedAttempts)
    {
        var api = new FakeApi((request, _) => FakeApi.Json((HttpStatusCode)status, "{\"code\":\"X\",\"message\":\"no\"}"));
        using var client = api.Client();

        var failure = await Assert.ThrowsAsync<RunflowApiException>(() => client.GetRunAsync("r1"));

        Assert.Equal(status, failure.StatusCode);
        Assert.Equal(expectedAttempts, api.Requests.Count);
    }

    [Fact]
    public async Task Retry_after_in_seconds_is_honoured_and_the_http_date_form_is_ignored()
    {
        var options = FakeApi.Options();
        options.Retry.MaxRetryAfter = TimeSpan.FromSeconds(30);
        var api = new FakeApi((request, count) => count switch
        {
            1 => FakeApi.Json((HttpStatusCode)429, "{}", response => response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(1))),
            2 => FakeApi.Json((HttpStatusCode)429, "{}", response => response.Headers.RetryAfter = new RetryConditionHeaderValue(DateTimeOffset.UtcNow.AddHours(1))),
            _ => FakeApi.Json(HttpStatusCode.OK, FakeApi.RunJson("r1")),
        });
        using var client = api.Client(options);
        var delays = new List<string>();
        using (RunflowTrace.BeginScope(traceEvent =>
               {
                   if (traceEvent.Kind == RunflowTraceEventKind.Retry)
                   {
                       lock (delays)
                       {
                           delays.Add(traceEvent.Message);
                       }
                   }
               }))
        {
            var started = DateTime.UtcNow;
            var run = await client.GetRunAsync("r1");
            Assert.Equal("r1", run.Id);
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10), "an HTTP-date an hour away was not waited for");
        }

        Assert.Equal(2, delays.Count);
        Assert.Matches(@"retrying in 1000 ms", delays[0]);
        Assert.True(int.Parse(Regex.Match(delays[1], @"retrying in (\d+) ms").Groups[1].Value) < 1000, delays[1]);
    }
}
