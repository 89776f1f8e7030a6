using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orleans.Wandb.Web.Files;

namespace Orleans.Wandb.Tests.Web;

/// <summary>A signed URL authorises exactly one operation on exactly one object until it expires.</summary>
public sealed class UrlSignerTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-26T00:00:00Z"));
    private readonly UrlSigner _signer;

    public UrlSignerTests() => _signer = new UrlSigner(
        Options.Create(new SigningOptions { Key = Convert.ToBase64String(new byte[32]), UrlLifetime = TimeSpan.FromHours(1) }), _time);

    private static (string Exp, string Sig) Parts(string query)
    {
        var values = query.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        return (values["exp"], values["sig"]);
    }

    [Fact]
    public void A_fresh_signature_verifies_for_its_operation_and_object()
    {
        var (exp, sig) = Parts(_signer.Sign(StorageOperation.Put, "runs/a/b/c/file.txt"));
        Assert.True(_signer.Verify(StorageOperation.Put, "runs/a/b/c/file.txt", exp, sig));
    }

    [Fact]
    public void A_download_signature_does_not_authorise_an_upload()
    {
        var (exp, sig) = Parts(_signer.Sign(StorageOperation.Get, "runs/a/b/c/file.txt"));
        Assert.False(_signer.Verify(StorageOperation.Put, "runs/a/b/c/file.txt", exp, sig));
    }

    [Fact]
    public void A_signature_does_not_transfer_to_another_object()
    {
        var (exp, sig) = Parts(_signer.Sign(StorageOperation.Get, "runs/a/b/c/file.txt"));
        Assert.False(_signer.Verify(StorageOperation.Get, "runs/a/b/c/other.txt", exp, sig));
    }

    [Fact]
    public void An_expired_or_extended_signature_is_refused()
    {
        var (exp, sig) = Parts(_signer.Sign(StorageOperation.Get, "runs/a/b/c/file.txt"));
        Assert.False(_signer.Verify(StorageOperation.Get, "runs/a/b/c/file.txt", (long.Parse(exp) + 3600).ToString(), sig));
        _time.Advance(TimeSpan.FromHours(2));
        Assert.False(_signer.Verify(StorageOperation.Get, "runs/a/b/c/file.txt", exp, sig));
    }
}
