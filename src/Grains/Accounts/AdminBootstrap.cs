using System.Security.Cryptography;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Grains.Storage;

namespace Orleans.Wandb.Grains.Accounts;

/// <summary>
/// On start, creates the instance admin when the database has no users, so a fresh server can be logged into.
/// Credentials given by configuration are used as they are; generated ones are logged exactly once, here,
/// because nobody could learn them otherwise.
/// </summary>
public sealed partial class AdminBootstrap(
    IMetadataStore store,
    AccountAdmin accounts,
    IOptions<AdminOptions> options,
    ILogger<AdminBootstrap> logger) : IHostedService
{
    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken);
        if (await store.CountUsersAsync() > 0)
        {
            return;
        }

        var admin = options.Value;
        if (admin.ApiKey is { } givenKey && !ApiKeys.HasValidShape(givenKey))
        {
            throw new OptionsValidationException(
                nameof(AdminOptions.ApiKey),
                typeof(AdminOptions),
                ["The admin API key must have at least 40 characters of [A-Za-z0-9_-] after its first '-' (e.g. local-<40 hex>)."]);
        }

        var username = admin.Username ?? UsernameFrom(admin.Email);
        var password = admin.Password ?? RandomNumberGenerator.GetString(
            "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789", 20);
        var apiKey = admin.ApiKey ?? ApiKeys.Generate();
        try
        {
            var user = await accounts.CreateUserAsync(
                username, admin.Email, password, admin: true, mustChangePassword: admin.Password is null);
            await accounts.AddApiKeyAsync(user.Id, apiKey, "admin (created at first start)");
        }
        catch (InvalidOperationException e)
        {
            // Another silo sharing the database won the race; its admin is as good as ours.
            LogBootstrapSkipped(e.Message);
            return;
        }

        LogAdminCreated(username, admin.Email);
        if (admin.Password is null)
        {
            LogGeneratedPassword(username, password);
        }

        if (admin.ApiKey is null)
        {
            LogGeneratedApiKey(username, apiKey);
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The email's local part, reduced to characters a name may hold.</summary>
    internal static string UsernameFrom(string email)
    {
        var at = email.IndexOf('@');
        var local = at > 0 ? email[..at] : email;
        var cleaned = new string(local.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.').ToArray());
        return Names.IsValid(cleaned) ? cleaned : "admin";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the instance admin {Username} <{Email}>")]
    private partial void LogAdminCreated(string username, string email);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Generated admin password for {Username} (shown once, change it at first login): {Password}")]
    private partial void LogGeneratedPassword(string username, string password);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Generated admin API key for {Username} (shown once; set WANDB_API_KEY to it): {ApiKey}")]
    private partial void LogGeneratedApiKey(string username, string apiKey);

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin bootstrap skipped: {Reason}")]
    private partial void LogBootstrapSkipped(string reason);
}
