using System;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Xunit;

namespace Seedance.Emulator.Tests;

/// <summary>Bearer auth, the account and billing routes, the model catalog and the headers every answer carries.</summary>
public class AccountTests
{
    [Theory]
    [InlineData("GET", "/v1/runs")]
    [InlineData("GET", "/v1/runs/0190b6a4-0000-7000-8000-000000000001")]
    [InlineData("POST", RawApi.TextToVideo)]
    [InlineData("POST", RawApi.TextBatches)]
    [InlineData("GET", "/v1/billing/balance")]
    [InlineData("GET", "/v1/auth/me")]
    [InlineData("GET", "/v1/models")]
    [InlineData("GET", "/v1/models/bytedance/seedance/2.0/text-to-video")]
    [InlineData("POST", "/v1/asset-uploads")]
    [InlineData("POST", "/v1/callback-secrets")]
    [InlineData("POST", "/v1/admin/runs/0190b6a4-0000-7000-8000-000000000001/cancellation")]
    [InlineData("GET", "/v1/no-such-route")]
    [InlineData("GET", "/_emulator/stats")]
    public async Task Protected_routes_answer_401_without_the_right_bearer_key(string method, string path)
    {
        await using var api = await RawApi.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = api.Emulator.ApiUrl };

        foreach (var authorization in new[] { null, "Bearer rf_live_wrong", "Basic " + api.Emulator.ApiKey, api.Emulator.ApiKey })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? new StringContent(RawApi.ValidBody) : null };
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            var response = await anonymous.SendAsync(request);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

            Assert.Equal(401, (int)response.StatusCode);
            Assert.Equal("UNAUTHORIZED", body["code"]!.GetValue<string>());
            Assert.DoesNotContain(api.Emulator.ApiKey, body.ToJsonString());
        }

        Assert.Equal(0, api.Emulator.GetStats().RunsCreated);
    }

    [Theory]
    [InlineData("/v1/health")]
    [InlineData("/v1/readiness")]
    [InlineData("/v1/public/models")]
    public async Task Health_readiness_and_public_models_need_no_key(string path)
    {
        await using var api = await RawApi.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = api.Emulator.ApiUrl };

        var response = await anonymous.GetAsync(path);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Health_says_ok()
    {
        await using var api = await RawApi.StartAsync();

        var (_, health, _) = await api.GetAsync("/v1/health");

        Assert.Equal("ok", health!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Every_answer_carries_a_request_id_and_errors_repeat_it_and_the_organization_header_is_accepted()
    {
        await using var api = await RawApi.StartAsync();

        var ok = await api.SendAsync(HttpMethod.Get, "/v1/billing/balance", configure: request => request.Headers.Add("X-Organization-Id", "org-123"));
        var missing = await api.GetAsync("/v1/runs/" + Guid.NewGuid());
        var first = ok.Response.Headers.GetValues("X-Request-Id").Single();
        var second = missing.Response.Headers.GetValues("X-Request-Id").Single();

        Assert.Equal(200, ok.Status);
        Assert.Equal("org-123", ok.Response.Headers.GetValues("X-Organization-Id").Single());
        Assert.NotEqual(first, second);
        Assert.Equal(second, missing.Body!["request_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Auth_me_describes_the_account_without_the_key()
    {
        await using var api = await RawApi.StartAsync(options => options.ApiKey = "rf_live_0123456789abcdef0123456789abcdef");

        var (status, me, _) = await api.GetAsync("/v1/auth/me");

        Assert.Equal(200, status);
        Assert.False(string.IsNullOrEmpty(me!["org_id"]!.GetValue<string>()));
        Assert.StartsWith("rf_live_", me["key_prefix"]!.GetValue<string>());
        Assert.DoesNotContain("0123456789abcdef", me.ToJsonString());
    }

    [Fact]
    public async Task The_balance_is_a_decimal_string_or_cents_and_a_drained_balance_refuses_creates_with_402_until_topped_up()
    {
        await using var api = await RawApi.StartAsync(options => options.Balance = 1.5m);

        var (_, decimalStyle, _) = await api.GetAsync("/v1/billing/balance");
        api.Emulator.Options.BalanceStyle = "cents";
        var (_, centsStyle, _) = await api.GetAsync("/v1/billing/balance");
        await api.WaitTerminalAsync(await api.CreateAsync());
        var refused = await api.PostAsync(RawApi.TextToVideo, RawApi.ValidBody);
        var refusedBatch = await api.PostAsync(RawApi.TextBatches, """{"input":[{"prompt":"x"}]}""");
        api.Emulator.TopUpBalance(10m);
        var accepted = await api.PostAsync(RawApi.TextToVideo, RawApi.ValidBody);
        api.Emulator.SetBalance(0m);
        var zero = await api.PostAsync(RawApi.TextToVideo, RawApi.ValidBody);

        Assert.Equal("1.50", decimalStyle!["balance"]!.GetValue<string>());
        Assert.NotNull(decimalStyle["low_balance_threshold"]);
        Assert.Equal(150, centsStyle!["balance_cents"]!.GetValue<long>());
        Assert.Equal("USD", centsStyle["currency"]!.GetValue<string>());
        Assert.Equal(402, refused.Status);
        Assert.Equal("INSUFFICIENT_CREDIT", refused.Body!["code"]!.GetValue<string>());
        Assert.Equal(402, refusedBatch.Status);
        Assert.Equal(201, accepted.Status);
        Assert.Equal(402, zero.Status);
        Assert.Equal(2, api.Emulator.GetStats().RunsCreated);
    }

    [Fact]
    public async Task A_new_callback_secret_is_shown_once_and_becomes_the_current_one()
    {
        await using var api = await RawApi.StartAsync(options => options.CallbackSecret = "whsec_initial");
        var initial = api.Emulator.CallbackSecret;

        var (status, created, _) = await api.PostAsync("/v1/callback-secrets", """{"label":"production"}""");
        var missingLabel = await api.PostAsync("/v1/callback-secrets", "{}");
        var numberLabel = await api.PostAsync("/v1/callback-secrets", """{"label":5}""");

        Assert.Equal("whsec_initial", initial);
        Assert.Equal(201, status);
        Assert.StartsWith("whsec_", created!["plain_secret"]!.GetValue<string>());
        Assert.True(created["is_current"]!.GetValue<bool>());
        Assert.Equal("production", created["label"]!.GetValue<string>());
        Assert.Equal(created["plain_secret"]!.GetValue<string>(), api.Emulator.CallbackSecret);
        Assert.Equal(422, missingLabel.Status);
        Assert.Equal(422, numberLabel.Status);
    }

    [Fact]
    public async Task The_model_catalog_describes_each_model_and_its_inputs()
    {
        await using var api = await RawApi.StartAsync();

        var (status, model, _) = await api.GetAsync("/v1/models/bytedance/seedance/2.0/fast/image-to-video");
        var (_, list, _) = await api.GetAsync("/v1/models");
        var (_, search, _) = await api.GetAsync("/v1/models?q=fast");
        var unknown = await api.GetAsync("/v1/models/bytedance/seedance/9.0/text-to-video");

        Assert.Equal(200, status);
        Assert.Equal("bytedance/seedance/2.0/fast/image-to-video", model!["slug"]!.GetValue<string>());
        foreach (var field in new[] { "name", "status_code", "availability_status", "pricing_note", "supports_streaming", "max_resolution", "outputs" })
        {
            Assert.True(model.AsObject().ContainsKey(field), field);
        }

        var inputs = model["inputs"]!.AsArray();
        var duration = inputs.Single(input => input!["name"]!.GetValue<string>() == "duration")!;
        Assert.Equal("string", duration["variable_type_code"]!.GetValue<string>());
        Assert.Contains("15", duration["validator_attrs"]!["options"]!.AsArray().Select(option => option!.GetValue<string>()));
        Assert.True(inputs.Single(input => input!["name"]!.GetValue<string>() == "image_url")!["is_required"]!.GetValue<bool>());
        Assert.Equal(4, list!["items"]!.AsArray().Count);
        Assert.Equal(new[] { "bytedance/seedance/2.0/fast/image-to-video", "bytedance/seedance/2.0/fast/text-to-video" },
            RawApi.Strings(search!["items"], "slug").OrderBy(slug => slug, StringComparer.Ordinal));
        Assert.Equal(404, unknown.Status);
    }
}
