using System.Linq;
using Seedance.Engine;
using Xunit;

namespace Seedance.Tests.Engine;

/// <summary>Runs a caller holds by the thousand share one copy of each member name and of repeating values, and keep
/// their JSON exactly as the server wrote it.</summary>
public sealed class JsonNamesTests
{
    private const string Json =
        "{\"id\":\"ID\",\"status_code\":\"succeeded\",\"model_id\":\"m-1\",\"org_id\":\"o-1\",\"input\":{\"prompt\":\"caf\u00e9 \u2603 \ud83d\ude00\",\"duration\":\"5\"}," +
        "\"output\":{\"outputs\":[{\"url\":\"https://f.example/v.mp4\",\"type\":\"video\"}]},\"metadata\":{\"row\":1}}";

    [Fact]
    public void Two_runs_share_their_member_names_and_repeating_values()
    {
        var first = Run.Parse(Json.Replace("ID", "r1"));
        var second = Run.Parse(Json.Replace("ID", "r2"));

        Assert.Equal(first.PresentFields, second.PresentFields);
        Assert.All(first.PresentFields.Zip(second.PresentFields), pair => Assert.Same(pair.First, pair.Second));
        Assert.Same(first.Input.Keys.First(), second.Input.Keys.First());
        Assert.Same(first.StatusCode, second.StatusCode);
        Assert.Same(first.ModelId, second.ModelId);
        Assert.NotSame(first.Input["prompt"], second.Input["prompt"]);
    }

    [Fact]
    public void The_raw_json_is_the_text_the_server_sent()
    {
        var run = Run.Parse(Json);

        Assert.Equal(Json, run.RawJson);
    }

    [Fact]
    public void A_long_name_is_not_shared()
    {
        var name = new string('n', 65);
        var copy = new string('n', 65);

        Assert.Same(name, JsonNames.Share(name));
        Assert.Same(copy, JsonNames.Share(copy));
        var shortName = new string('s', 64);
        Assert.Same(shortName, JsonNames.Share(shortName));
        Assert.Same(shortName, JsonNames.Share(new string('s', 64)));
    }
}
