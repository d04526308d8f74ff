using System;
using System.IO;
using System.Threading.Tasks;
using Seedance.Engine;
using Xunit;

namespace Seedance.Tests.Engine;

public class RunSidecarTests
{
    [Fact]
    public async Task The_sidecar_keeps_the_input_but_masks_the_signatures_of_urls_the_api_re_signed()
    {
        var directory = Path.Combine(Path.GetTempPath(), "seedance-sidecar-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var run = Run.Parse("""
                {"id":"r1","status_code":"succeeded","client_ref":"row-1","cost":"1.52",
                 "input":{"prompt":"a frame comes alive","image_url":"https://files.example.test/assets/a1/frame.png?X-Amz-Date=20261128T000000Z&X-Amz-Expires=3600&X-Amz-Signature=0123456789abcdef","duration":"5"},
                 "output":{"outputs":[{"url":"https://files.example.test/outputs/r1/video.mp4?X-Amz-Signature=fedcba","type":"video"}],"seed":"42"}}
                """);

            var path = await RunSidecar.WriteAsync(Path.Combine(directory, "row-1.mp4"), run, "bytedance/seedance/2.0/image-to-video");
            var text = File.ReadAllText(path);

            Assert.Contains("\"prompt\": \"a frame comes alive\"", text);
            Assert.Contains("https://files.example.test/assets/a1/frame.png?X-Amz-Date=***", text);
            Assert.DoesNotContain("0123456789abcdef", text);
            Assert.DoesNotContain("fedcba", text);
            Assert.Contains("\"seed\": \"42\"", text);
            Assert.Contains("\"cost_usd\": \"1.52\"", text);
            Assert.Empty(Directory.GetFiles(directory, "*.partial"));
        }
        finally
        {
            Directory.Delete(directory, true);
        }
    }
}
