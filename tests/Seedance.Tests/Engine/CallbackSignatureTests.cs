using System.Linq;
using System.Text;
using Seedance.Engine;
using Xunit;

namespace Seedance.Tests.Engine;

public class CallbackSignatureTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"event\":\"run.completed\",\"run_id\":\"r\"}");

    [Fact]
    public void A_signature_round_trips_and_matches_an_independent_hmac()
    {
        using var hmac = new System.Security.Cryptography.HMACSHA256(Encoding.UTF8.GetBytes("whsec_one"));
        var independent = string.Concat(hmac.ComputeHash(Body).Select(value => value.ToString("x2")));

        var signature = CallbackSignature.Compute("whsec_one", Body);

        Assert.Equal(independent, signature);
        Assert.True(CallbackSignature.Verify("whsec_one", Body, signature));
        Assert.True(CallbackSignature.Verify("whsec_one", Body, signature.ToUpperInvariant()));
    }

    [Fact]
    public void Tampered_bodies_wrong_secrets_and_malformed_headers_are_rejected()
    {
        var signature = CallbackSignature.Compute("whsec_one", Body);
        var tampered = Body.Concat(new byte[] { 32 }).ToArray();

        Assert.False(CallbackSignature.Verify("whsec_one", tampered, signature));
        Assert.False(CallbackSignature.Verify("whsec_two", Body, signature));
        Assert.False(CallbackSignature.Verify("whsec_one", Body, null));
        Assert.False(CallbackSignature.Verify("whsec_one", Body, ""));
        Assert.False(CallbackSignature.Verify("whsec_one", Body, signature.Substring(0, 63)));
        Assert.False(CallbackSignature.Verify("whsec_one", Body, signature + "00"));
        Assert.False(CallbackSignature.Verify("whsec_one", Body, new string('z', 64)));
    }

    [Fact]
    public void During_a_rotation_either_secret_verifies()
    {
        var signedWithNew = CallbackSignature.Compute("whsec_new", Body);

        Assert.True(CallbackSignature.Verify(new[] { "whsec_old", "whsec_new" }, Body, signedWithNew));
        Assert.False(CallbackSignature.Verify(new[] { "whsec_old" }, Body, signedWithNew));
    }
}
