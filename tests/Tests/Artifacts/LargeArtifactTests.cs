using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Orleans.Wandb.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Orleans.Wandb.Tests.Artifacts;

/// <summary>
/// A 1 GiB artifact file through a real server process: uploaded with one streamed PUT and read back with ranged GETs,
/// while the server's peak resident memory (VmHWM) stays far below the file's size.
/// </summary>
[Trait("Needs", "Process")]
public sealed class LargeArtifactTests(ITestOutputHelper output)
{
    private const long OneGiB = 1L << 30;
    private const long RangeSize = 64L << 20;

    /// <summary>Peak memory the server may reach over its own idle peak while moving the file.</summary>
    private const long AllowedGrowth = 200L << 20;

    [Fact]
    public async Task A_1_GiB_file_is_uploaded_and_downloaded_in_ranges_without_the_server_holding_it_in_memory()
    {
        using var data = new TempDataDir();
        await using var server = await ServerProcess.StartAsync(data.Path, TestKeys.NewApiKey());
        var entity = (await server.Client.QueryAsync("query { viewer { entity } }"))["viewer"]!["entity"]!.GetValue<string>();
        var client = new ArtifactClient(server.Client, entity, "large");
        var file = new ArtifactFileSource("big.bin", GeneratedStream.Md5Base64(OneGiB), OneGiB, () => new StreamContent(new GeneratedStream(OneGiB), 1 << 20));

        // Warm the server's paths with a small artifact, so the baseline includes what any request costs.
        await client.LogAsync("warm-up", [ArtifactFileSource.FromText("small.txt", "small")]);
        var idlePeak = PeakResidentBytes(server.ProcessId);

        var logged = await client.LogAsync("big", [file]);
        Assert.Equal(1, logged.FileUploads);
        var url = ArtifactClient.PathOf((await client.FilesAsync(logged.Id)).Single()["directUrl"]!.GetValue<string>());

        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        for (long start = 0; start < OneGiB; start += RangeSize)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Range = new RangeHeaderValue(start, start + RangeSize - 1);
            using var response = await server.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
            await using var body = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[1 << 20];
            long received = 0;
            int read;
            while ((read = await body.ReadAsync(buffer)) > 0)
            {
                md5.AppendData(buffer, 0, read);
                received += read;
            }

            Assert.Equal(RangeSize, received);
        }

        Assert.Equal(file.Md5Base64, Convert.ToBase64String(md5.GetHashAndReset()));
        var peak = PeakResidentBytes(server.ProcessId);
        output.WriteLine($"server VmHWM: {idlePeak >> 20} MiB before the transfer, {peak >> 20} MiB after 1 GiB up and down");
        Assert.True(peak - idlePeak < AllowedGrowth, $"the server's peak memory grew from {idlePeak >> 20} MiB to {peak >> 20} MiB");
    }

    /// <summary>The process's peak resident set size (VmHWM in /proc/&lt;pid&gt;/status).</summary>
    private static long PeakResidentBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").Single(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0]) * 1024;
    }
}
