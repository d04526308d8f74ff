using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using Seedance.Engine;
using Xunit;

namespace Seedance.Tests.Engine;

/// <summary>The one list of values that can become JSON, for request bodies and for what the cmdlets convert.</summary>
public class PlainJsonTests
{
    [Fact]
    public void Plain_values_are_written_and_others_refused_with_their_path()
    {
        var body = new Dictionary<string, object?>
        {
            ["text"] = "a", ["flag"] = true, ["small"] = (byte)3, ["big"] = ulong.MaxValue, ["real"] = 1.5f, ["money"] = 0.55m,
            ["id"] = Guid.Empty, ["when"] = new DateTimeOffset(2026, 5, 6, 10, 0, 0, TimeSpan.Zero), ["kind"] = RunStatus.Failed,
            ["list"] = new object?[] { null, 'c' }, ["legacy"] = new Hashtable { ["n"] = 1 },
        };

        Assert.Equal("{\"text\":\"a\",\"flag\":true,\"small\":3,\"big\":18446744073709551615,\"real\":1.5,\"money\":0.55,"
                     + "\"id\":\"00000000-0000-0000-0000-000000000000\",\"when\":\"2026-05-06T10:00:00.0000000\\u002B00:00\",\"kind\":\"Failed\","
                     + "\"list\":[null,\"c\"],\"legacy\":{\"n\":1}}", PlainJson.Serialize(body));
        var stream = Assert.Throws<RunflowValidationException>(() => PlainJson.Serialize(new Dictionary<string, object?> { ["a"] = new[] { new MemoryStream() } }));
        Assert.Equal("$.a[0]", stream.Field);
        Assert.Contains("System.IO.MemoryStream", stream.Message);
        Assert.Throws<RunflowValidationException>(() => PlainJson.Serialize(double.NaN));
        Assert.Throws<RunflowValidationException>(() => PlainJson.Serialize(new Hashtable { [1] = "numeric key" }));
    }

    [Fact]
    public void A_value_that_holds_itself_is_refused_not_followed_forever()
    {
        var loop = new Dictionary<string, object?>();
        loop["self"] = loop;

        var refused = Assert.Throws<RunflowValidationException>(() => PlainJson.Serialize(loop));

        Assert.Contains("nested more than 32 levels", refused.Message);
    }

    [Fact]
    public void A_time_of_unspecified_kind_is_local_and_every_time_carries_its_offset()
    {
        var unspecified = new DateTime(2026, 5, 6, 12, 0, 0, DateTimeKind.Unspecified);
        var local = new DateTimeOffset(DateTime.SpecifyKind(unspecified, DateTimeKind.Local));

        Assert.Equal(local.ToString("o"), PlainJson.ToPlain(unspecified, "$"));
        Assert.Equal("2026-05-06T12:00:00.0000000+00:00", PlainJson.ToPlain(new DateTime(2026, 5, 6, 12, 0, 0, DateTimeKind.Utc), "$"));
    }

    [Fact]
    public void A_host_unwraps_its_own_wrappers_and_keys_before_the_types_are_checked()
    {
        var wrapped = new Hashtable { [new Wrapper("key")] = new Wrapper(7) };

        var plain = PlainJson.ToPlain(wrapped, "Metadata", value => value is Wrapper wrapper ? wrapper.Inner : value);

        Assert.Equal(new Dictionary<string, object?> { ["key"] = 7L }, plain);
        var refused = Assert.Throws<RunflowValidationException>(() => PlainJson.ToPlain(wrapped, "Metadata"));
        Assert.Contains("Metadata has a key of type", refused.Message);
    }

    private sealed class Wrapper
    {
        public Wrapper(object inner) => Inner = inner;

        public object Inner { get; }
    }
}
