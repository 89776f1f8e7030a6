using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using System.Security.Cryptography;
using System.Text;
using Orleans.Wandb.Web.Files;
using Orleans.Wandb.Web.GraphQL.Execution;

namespace Orleans.Wandb.Tests.Web;

/// <summary>
/// A signed URL authorises exactly one operation on exactly one object, for one user and project, until it expires:
/// uploads for minutes, downloads for at most an hour.
/// </summary>
public sealed class UrlSignerTests
{
    private static readonly UrlGrant Grant = new(42, "a", "b");
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-26T00:00:00Z"));
    private readonly UrlSigner _signer;

    public UrlSignerTests() => _signer = new UrlSigner(
        Options.Create(new SigningOptions
        {
            Key = Convert.ToBase64String(new byte[32]),
            UploadUrlLifetime = TimeSpan.FromMinutes(15),
            DownloadUrlLifetime = TimeSpan.FromHours(1),
        }),
        _time);

    internal static IQueryCollection Query(string query) => new QueryCollection(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query));

    private static string With(string query, string name, string value) =>
        string.Join('&', query.Split('&').Select(p => p.StartsWith(name + "=", StringComparison.Ordinal) ? $"{name}={value}" : p));

    [Fact]
    public void A_fresh_signature_verifies_for_its_operation_object_and_grant()
    {
        var query = _signer.Sign(StorageOperation.Put, "runs/a/b/c/file.txt", Grant);
        Assert.Equal(Grant, _signer.Verify(StorageOperation.Put, "runs/a/b/c/file.txt", Query(query)));
    }

    [Fact]
    public void A_download_signature_does_not_authorise_an_upload()
    {
        var query = _signer.Sign(StorageOperation.Get, "runs/a/b/c/file.txt", Grant);
        Assert.Null(_signer.Verify(StorageOperation.Put, "runs/a/b/c/file.txt", Query(query)));
    }

    [Fact]
    public void A_signature_does_not_transfer_to_another_object()
    {
        var query = _signer.Sign(StorageOperation.Get, "runs/a/b/c/file.txt", Grant);
        Assert.Null(_signer.Verify(StorageOperation.Get, "runs/a/b/c/other.txt", Query(query)));
    }

    [Fact]
    public void A_signature_does_not_transfer_to_another_user_or_project()
    {
        var query = _signer.Sign(StorageOperation.Get, "artifacts/blobs/00", Grant);
        Assert.Null(_signer.Verify(StorageOperation.Get, "artifacts/blobs/00", Query(With(query, "uid", RelayIds.Token(43)))));
        Assert.Null(_signer.Verify(StorageOperation.Get, "artifacts/blobs/00", Query(With(query, "scope", "a%2Fc"))));
    }

    [Fact]
    public void An_expired_or_extended_signature_is_refused()
    {
        var query = _signer.Sign(StorageOperation.Get, "runs/a/b/c/file.txt", Grant);
        var exp = long.Parse(Query(query)["exp"]!);
        Assert.Null(_signer.Verify(StorageOperation.Get, "runs/a/b/c/file.txt", Query(With(query, "exp", (exp + 3600).ToString()))));
        _time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        Assert.Null(_signer.Verify(StorageOperation.Get, "runs/a/b/c/file.txt", Query(query)));
    }

    [Fact]
    public void Upload_urls_live_minutes_and_download_urls_an_hour()
    {
        var upload = _signer.Sign(StorageOperation.Put, "runs/a/b/c/file.txt", Grant);
        var download = _signer.Sign(StorageOperation.Get, "runs/a/b/c/file.txt", Grant);
        _time.Advance(TimeSpan.FromMinutes(16));
        Assert.Null(_signer.Verify(StorageOperation.Put, "runs/a/b/c/file.txt", Query(upload)));
        Assert.Equal(Grant, _signer.Verify(StorageOperation.Get, "runs/a/b/c/file.txt", Query(download)));
    }

    [Fact]
    public void The_user_is_named_by_an_opaque_id_that_neither_counts_users_nor_follows_from_a_neighbour()
    {
        var mine = Query(_signer.Sign(StorageOperation.Get, "artifacts/blobs/00", Grant))["uid"].ToString();
        var neighbours = Query(_signer.Sign(StorageOperation.Get, "artifacts/blobs/00", Grant with { UserId = 43 }))["uid"].ToString();

        Assert.Equal(RelayIds.Token(42), mine);
        Assert.DoesNotContain("42", mine, StringComparison.Ordinal);
        Assert.NotEqual(mine[..8], neighbours[..8]);
    }

    [Fact]
    public void A_url_signed_in_the_old_numeric_format_is_refused_even_with_its_uid_rewritten_to_the_opaque_id()
    {
        // What this server signed before user ids were opaque: uid=<number>, and an HMAC over that number without a version.
        var exp = _time.GetUtcNow().AddMinutes(10).ToUnixTimeSeconds();
        var oldSignature = Convert.ToHexStringLower(HMACSHA256.HashData(new byte[32], Encoding.UTF8.GetBytes($"get\nartifacts/blobs/00\n{exp}\n42\na/b")));
        var old = $"op=get&exp={exp}&uid=42&scope=a%2Fb&sig={oldSignature}";

        Assert.Null(_signer.Verify(StorageOperation.Get, "artifacts/blobs/00", Query(old)));
        Assert.Null(_signer.Verify(StorageOperation.Get, "artifacts/blobs/00", Query(With(old, "uid", RelayIds.Token(42)))));
    }
}
